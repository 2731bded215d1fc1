import type { Address, Hash } from "viem";
import { simulateContract } from "viem/actions";
import { streamPaymentAbi } from "../abi/stream-payment-abi.generated.ts";
import { golemErrorFromContractError } from "../errors/golem-error-from-contract-error.ts";
import type { StreamId } from "../stream/stream-id.ts";
import { waitForSuccess } from "./wait-for-success.ts";
import type { SigningClient } from "./wallet-client.ts";
import { withdrawnAmounts } from "./withdrawn-amounts.ts";
import { writeWithGasMargin } from "./write-with-gas-margin.ts";

/** Parameters of {@link withdrawMany}. */
export type WithdrawManyParameters = {
  /** The StreamPayment contract. */
  address: Address;
  /** Streams to withdraw from; group them by recipient to save transfers. */
  streamIds: readonly StreamId[];
};

/** Result of {@link withdrawMany}. */
export type WithdrawManyReturnType = {
  hash: Hash;
  /** Base units paid, summed over all the streams. */
  total: bigint;
  /** Base units paid per stream; streams that paid nothing are absent. */
  amounts: Map<StreamId, bigint>;
};

/**
 * Withdraws from several streams in one transaction (a provider collecting its earnings).
 *
 * @example
 * const { total } = await withdrawMany(providerWallet, { address, streamIds });
 */
export async function withdrawMany(
  client: SigningClient,
  { address, streamIds }: WithdrawManyParameters,
): Promise<WithdrawManyReturnType> {
  try {
    const { request } = await simulateContract(client, {
      address,
      abi: streamPaymentAbi,
      functionName: "withdrawMany",
      args: [streamIds],
      account: client.account,
      chain: client.chain,
    });
    const hash = await writeWithGasMargin(client, request);
    const receipt = await waitForSuccess(client, hash);
    const amounts = withdrawnAmounts(receipt, address);
    let total = 0n;
    for (const amount of amounts.values()) total += amount;
    return { hash, total, amounts };
  } catch (err) {
    throw golemErrorFromContractError(err);
  }
}
