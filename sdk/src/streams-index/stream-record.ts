import type { Address, Hash, Hex } from "viem";
import type { StreamId } from "../stream/stream-id.ts";

/**
 * A stream as its events tell it, the same whether read from chain logs or from the subgraph.
 * Amounts are token base units; times are unix seconds.
 */
export type StreamRecord = {
  streamId: StreamId;
  /** The StreamPayment contract. */
  contract: Address;
  /** Who funds the stream (the requestor). */
  sender: Address;
  /** Who is paid (the provider). */
  recipient: Address;
  /** EIP-712 hash of the provider's offer. */
  serviceId: Hex;
  ratePerSecond: bigint;
  /** Initial deposit plus every top-up. */
  deposited: bigint;
  /** Paid to the recipient (withdrawals and the payout at termination). */
  withdrawn: bigint;
  /** Refunded to the sender at termination. */
  refunded: bigint;
  /** `terminated` once closed; a stream that ran dry is still `active` until closed or topped up. */
  status: "active" | "terminated";
  createdAt: bigint;
  createdAtBlock: bigint;
  /** The transaction that opened the stream. */
  createdTx: Hash;
  /** Set once terminated. */
  terminatedAt: bigint | undefined;
};

/** Which streams to read: every filter given must match. */
export type StreamFilter = {
  sender?: Address | undefined;
  recipient?: Address | undefined;
};

/** Reads streams from an index (chain logs or a subgraph). */
export type StreamsReader = {
  /** Where the records come from. */
  readonly source: "logs" | "subgraph";
  /** Streams matching `filter`, by ascending id. */
  listStreams(filter?: StreamFilter): Promise<StreamRecord[]>;
};
