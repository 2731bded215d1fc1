import type { Address, Hash } from "viem";
import { simulateContract } from "viem/actions";
import { streamPaymentAbi } from "../abi/stream-payment-abi.generated.ts";
import { GolemError } from "../errors/golem-error.ts";
import { golemErrorFromContractError } from "../errors/golem-error-from-contract-error.ts";
import type { StreamId } from "../stream/stream-id.ts";
import { terminatedAmounts } from "./terminated-amounts.ts";
import { waitForSuccess } from "./wait-for-success.ts";
import type { SigningClient } from "./wallet-client.ts";
import { writeWithGasMargin } from "./write-with-gas-margin.ts";

/** Parameters of {@link terminate}. */
export type TerminateParameters = {
  /** The StreamPayment contract. */
  address: Address;
  streamId: StreamId;
};

/** Result of {@link terminate}. */
export type TerminateReturnType = {
  hash: Hash;
  /** Base units paid to the recipient (what had accrued). */
  paidToRecipient: bigint;
  /** Base units refunded to the sender (the rest). */
  refundedToSender: bigint;
};

/**
 * Closes a stream as its sender or recipient: accrued funds to the recipient, the rest back to
 * the sender.
 *
 * @example
 * const { refundedToSender } = await terminate(wallet, { address, streamId });
 */
export async function terminate(
  client: SigningClient,
  { address, streamId }: TerminateParameters,
): Promise<TerminateReturnType> {
  try {
    const { request } = await simulateContract(client, {
      address,
      abi: streamPaymentAbi,
      functionName: "terminate",
      args: [streamId],
      account: client.account,
      chain: client.chain,
    });
    const hash = await writeWithGasMargin(client, request);
    const receipt = await waitForSuccess(client, hash);
    const amounts = terminatedAmounts(receipt, address, streamId);
    if (!amounts) {
      throw new GolemError("INTERNAL", `transaction ${hash} terminated no stream`, {
        details: { hash, streamId: streamId.toString() },
      });
    }
    return { hash, ...amounts };
  } catch (err) {
    throw golemErrorFromContractError(err);
  }
}
