import type { Address, Hash } from "viem";
import { simulateContract } from "viem/actions";
import { streamPaymentAbi } from "../abi/stream-payment-abi.generated.ts";
import { golemErrorFromContractError } from "../errors/golem-error-from-contract-error.ts";
import type { StreamId } from "../stream/stream-id.ts";
import { ensureAllowance } from "./ensure-allowance.ts";
import { readTokenAddress } from "./read-token-address.ts";
import { waitForSuccess } from "./wait-for-success.ts";
import type { SigningClient } from "./wallet-client.ts";
import { writeWithGasMargin } from "./write-with-gas-margin.ts";

/** Parameters of {@link setTopUpBudget}. */
export type SetTopUpBudgetParameters = {
  /** The StreamPayment contract. */
  address: Address;
  streamId: StreamId;
  /** What `topUpFromBudget` may still pull into the stream (base units); 0 removes the budget. */
  budget: bigint;
  /** The deployment's token; read from the contract when omitted. */
  token?: Address | undefined;
};

/** Result of {@link setTopUpBudget}. */
export type SetTopUpBudgetReturnType = {
  hash: Hash;
  /** The approve sent first, when the allowance was short of the budget. */
  approveHash: Hash | undefined;
};

/**
 * Sets (replaces) the top-up budget of one of the client's open streams. A budget is pulled
 * through the sender's allowance to the contract, so an allowance short of `budget` is raised
 * to it first (one allowance serves every stream's budget; the tokens need not be held until a
 * pull). Checked before any transaction:
 * only the stream's sender may set it (`STREAM_NOT_SENDER`).
 *
 * @example await setTopUpBudget(wallet, { address, streamId, budget: rate * 24n * 3600n });
 */
export async function setTopUpBudget(
  client: SigningClient,
  parameters: SetTopUpBudgetParameters,
): Promise<SetTopUpBudgetReturnType> {
  const { address, streamId, budget } = parameters;
  try {
    const call = {
      address,
      abi: streamPaymentAbi,
      functionName: "setTopUpBudget",
      args: [streamId, budget],
      account: client.account,
      chain: client.chain,
    } as const;
    await simulateContract(client, call);
    let approveHash: Hash | undefined;
    if (budget > 0n) {
      const token = parameters.token ?? (await readTokenAddress(client, address));
      ({ approveHash } = await ensureAllowance(client, {
        token,
        spender: address,
        amount: budget,
        held: 0n,
      }));
    }
    const { request } = await simulateContract(client, call);
    const hash = await writeWithGasMargin(client, request);
    await waitForSuccess(client, hash);
    return { hash, approveHash };
  } catch (err) {
    throw golemErrorFromContractError(err);
  }
}
