// Feeds one transaction's StreamPayment logs to a mapping's handlers, as graph-node does for each
// block: the block, the transaction and each ABI-decoded log, handler `handle<EventName>`.
import { type Address, type Client, type Hash, parseEventLogs } from "viem";
import { getBlock, getTransaction, getTransactionReceipt } from "viem/actions";
import { streamPaymentAbi } from "../../../sdk/src/abi/stream-payment-abi.generated.ts";
import { writeEthereumEvent } from "./ethereum-event.ts";
import type { GraphHost } from "./graph-host.ts";

/** A log handed to the mapping. */
export type IndexedLog = {
  hash: Hash;
  logIndex: number;
  eventName: string;
  args: Record<string, unknown>;
  timestamp: bigint;
};

/**
 * Runs the handlers of every log `contract` emitted in transaction `hash`, in log order.
 *
 * @example
 * const logs = await indexTransaction(host, publicClient, streamPayment, (await topUp(...)).hash);
 */
export async function indexTransaction(
  host: GraphHost,
  client: Client,
  contract: Address,
  hash: Hash,
): Promise<IndexedLog[]> {
  const receipt = await getTransactionReceipt(client, { hash });
  const block = await getBlock(client, { blockNumber: receipt.blockNumber });
  const transaction = await getTransaction(client, { hash });
  const logs = receipt.logs.filter((l) => l.address.toLowerCase() === contract.toLowerCase());
  const indexed: IndexedLog[] = [];
  for (const log of parseEventLogs({ abi: streamPaymentAbi, logs })) {
    const ptr = writeEthereumEvent(host.mem, streamPaymentAbi, log, {
      block,
      transaction,
      receiptLogs: receipt.logs,
    });
    host.call(`handle${log.eventName}`, ptr);
    indexed.push({
      hash,
      logIndex: log.logIndex,
      eventName: log.eventName,
      args: log.args as Record<string, unknown>,
      timestamp: block.timestamp,
    });
  }
  return indexed;
}
