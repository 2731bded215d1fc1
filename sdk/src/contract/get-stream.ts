import type { Address, Client, ContractFunctionReturnType } from "viem";
import { readContract } from "viem/actions";
import { streamPaymentAbi } from "../abi/stream-payment-abi.generated.ts";
import { golemErrorFromContractError } from "../errors/golem-error-from-contract-error.ts";
import type { StreamId } from "../stream/stream-id.ts";

/** A stream as stored on chain, settled at its `lastUpdate` (not at the current time). */
export type Stream = ContractFunctionReturnType<typeof streamPaymentAbi, "view", "getStream">;

/** Parameters of {@link getStream}. */
export type GetStreamParameters = {
  /** The StreamPayment contract. */
  address: Address;
  streamId: StreamId;
  /** Read at this block; the latest when omitted. */
  blockNumber?: bigint | undefined;
};

/** Result of {@link getStream}. */
export type GetStreamReturnType = Stream;

/**
 * Reads a stream as stored. A missing stream is `STREAM_NOT_FOUND`.
 *
 * @example
 * const { sender, recipient, ratePerSecond } = await getStream(client, { address, streamId });
 */
export async function getStream(
  client: Client,
  { address, streamId, blockNumber }: GetStreamParameters,
): Promise<GetStreamReturnType> {
  try {
    return await readContract(client, {
      address,
      abi: streamPaymentAbi,
      functionName: "getStream",
      args: [streamId],
      ...(blockNumber === undefined ? {} : { blockNumber }),
    });
  } catch (err) {
    throw golemErrorFromContractError(err);
  }
}
