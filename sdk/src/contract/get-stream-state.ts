import type { Address, Client } from "viem";
import { getBlock } from "viem/actions";
import { golemErrorFromContractError } from "../errors/golem-error-from-contract-error.ts";
import type { StreamId } from "../stream/stream-id.ts";
import { type StreamStateAt, streamStateAt } from "../stream/stream-state-at.ts";
import { getStream, type Stream } from "./get-stream.ts";

/** Parameters of {@link getStreamState}. */
export type GetStreamStateParameters = {
  /** The StreamPayment contract. */
  address: Address;
  streamId: StreamId;
};

/** Result of {@link getStreamState}: the stored stream and its accounting at one block. */
export type GetStreamStateReturnType = StreamStateAt & {
  stream: Stream;
  /** The block whose time `at` is and whose state `stream` is. */
  blockNumber: bigint;
};

/**
 * A stream and what its views would say at the chain's latest block time: withdrawable,
 * refundable, depletion time, active, runway. Reads the stream at that same block, so the
 * numbers are consistent with each other; computed with the sdk's stream math.
 *
 * @example
 * const { runwaySeconds, isActive } = await getStreamState(client, { address, streamId });
 */
export async function getStreamState(
  client: Client,
  { address, streamId }: GetStreamStateParameters,
): Promise<GetStreamStateReturnType> {
  let block: { number: bigint; timestamp: bigint };
  try {
    block = await getBlock(client, { blockTag: "latest" });
  } catch (err) {
    throw golemErrorFromContractError(err);
  }
  const stream = await getStream(client, { address, streamId, blockNumber: block.number });
  return { ...streamStateAt(stream, block.timestamp), stream, blockNumber: block.number };
}
