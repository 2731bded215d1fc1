import type { Address, Hash } from "viem";
import { simulateContract } from "viem/actions";
import { streamPaymentAbi } from "../abi/stream-payment-abi.generated.ts";
import { golemErrorFromContractError } from "../errors/golem-error-from-contract-error.ts";
import type { StreamId } from "../stream/stream-id.ts";
import { waitForSuccess } from "./wait-for-success.ts";
import type { SigningClient } from "./wallet-client.ts";
import { withdrawnAmounts } from "./withdrawn-amounts.ts";
import { writeWithGasMargin } from "./write-with-gas-margin.ts";

/** Parameters of {@link withdraw}. */
export type WithdrawParameters = {
  /** The StreamPayment contract. */
  address: Address;
  streamId: StreamId;
};

/** Result of {@link withdraw}. */
export type WithdrawReturnType = {
  hash: Hash;
  /** Base units paid to the recipient (0 when nothing was due). */
  amount: bigint;
};

/**
 * Pays a stream's recipient what has accrued. Anyone may call; the funds go to the recipient.
 *
 * @example
 * const { amount } = await withdraw(providerWallet, { address, streamId });
 */
export async function withdraw(
  client: SigningClient,
  { address, streamId }: WithdrawParameters,
): Promise<WithdrawReturnType> {
  try {
    const { request } = await simulateContract(client, {
      address,
      abi: streamPaymentAbi,
      functionName: "withdraw",
      args: [streamId],
      account: client.account,
      chain: client.chain,
    });
    const hash = await writeWithGasMargin(client, request);
    const receipt = await waitForSuccess(client, hash);
    return { hash, amount: withdrawnAmounts(receipt, address).get(streamId) ?? 0n };
  } catch (err) {
    throw golemErrorFromContractError(err);
  }
}
