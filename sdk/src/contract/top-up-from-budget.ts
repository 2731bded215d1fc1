import type { Address, Hash } from "viem";
import { simulateContract } from "viem/actions";
import { streamPaymentAbi } from "../abi/stream-payment-abi.generated.ts";
import { golemErrorFromContractError } from "../errors/golem-error-from-contract-error.ts";
import type { StreamId } from "../stream/stream-id.ts";
import { waitForSuccess } from "./wait-for-success.ts";
import type { SigningClient } from "./wallet-client.ts";
import { writeWithGasMargin } from "./write-with-gas-margin.ts";

/** Parameters of {@link topUpFromBudget}. */
export type TopUpFromBudgetParameters = {
  /** The StreamPayment contract. */
  address: Address;
  streamId: StreamId;
  /** Base units to pull from the stream's sender into the stream (at most its remaining budget). */
  amount: bigint;
};

/** Result of {@link topUpFromBudget}. */
export type TopUpFromBudgetReturnType = { hash: Hash };

/**
 * Pulls `amount` from an open stream's sender into the stream, within the top-up budget the
 * sender set (anyone may call; the caller pays only the gas). Simulated first, so a pull the
 * contract would refuse (budget, allowance or balance short, stream closed) costs nothing.
 * Every failure is a `GolemError` (`BUDGET_EXCEEDED`, `INSUFFICIENT_ALLOWANCE`, …).
 *
 * @example await topUpFromBudget(providerWallet, { address, streamId, amount: rate * 3600n });
 */
export async function topUpFromBudget(
  client: SigningClient,
  { address, streamId, amount }: TopUpFromBudgetParameters,
): Promise<TopUpFromBudgetReturnType> {
  try {
    const { request } = await simulateContract(client, {
      address,
      abi: streamPaymentAbi,
      functionName: "topUpFromBudget",
      args: [streamId, amount],
      account: client.account,
      chain: client.chain,
    });
    const hash = await writeWithGasMargin(client, request);
    await waitForSuccess(client, hash);
    return { hash };
  } catch (err) {
    throw golemErrorFromContractError(err);
  }
}
