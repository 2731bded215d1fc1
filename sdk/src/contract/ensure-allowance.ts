import { type Address, getAddress, type Hash } from "viem";
import { simulateContract } from "viem/actions";
import { glmAbi } from "../abi/glm-abi.generated.ts";
import { contractErrors } from "../errors/contract-errors.ts";
import { GolemError } from "../errors/golem-error.ts";
import { golemErrorFromContractError } from "../errors/golem-error-from-contract-error.ts";
import { readSenderFunding } from "./read-sender-funding.ts";
import { waitForSuccess } from "./wait-for-success.ts";
import type { SigningClient } from "./wallet-client.ts";
import { writeWithGasMargin } from "./write-with-gas-margin.ts";

/** Parameters of {@link ensureAllowance}. */
export type EnsureAllowanceParameters = {
  /** The ERC-20 token. */
  token: Address;
  /** Who will pull the tokens (the StreamPayment contract). */
  spender: Address;
  /** Base units the spender must be allowed to pull, and the account must hold. */
  amount: bigint;
  /**
   * Base units the account must hold now, when less than `amount` (a top-up budget is allowed
   * now but pulled later, so only the deposit must be held); default `amount`.
   */
  held?: bigint | undefined;
};

/** Hash of the approve transaction, or `undefined` when the allowance already sufficed. */
export type EnsureAllowanceReturnType = { approveHash: Hash | undefined };

/**
 * Makes sure the client's account holds `amount` tokens and has allowed `spender` to pull them,
 * sending an `approve(spender, amount)` only when the allowance is short.
 * Throws `INSUFFICIENT_FUNDS` before any transaction when the balance is short.
 *
 * @example
 * await ensureAllowance(wallet, { token, spender: streamPayment, amount: deposit });
 */
export async function ensureAllowance(
  client: SigningClient,
  { token, spender, amount, held = amount }: EnsureAllowanceParameters,
): Promise<EnsureAllowanceReturnType> {
  const owner = getAddress(client.account.address);
  try {
    const { balance, allowance } = await readSenderFunding(client, { token, owner, spender });
    if (balance < held) {
      const entry = contractErrors.ERC20InsufficientBalance;
      throw new GolemError(entry.code, entry.message({ sender: owner, balance, needed: held }), {
        details: {
          sender: owner,
          token,
          balance: balance.toString(),
          needed: held.toString(),
        },
      });
    }
    if (allowance >= amount) return { approveHash: undefined };
    const { request } = await simulateContract(client, {
      address: token,
      abi: glmAbi,
      functionName: "approve",
      args: [spender, amount],
      account: client.account,
      chain: client.chain,
    });
    const approveHash = await writeWithGasMargin(client, request);
    await waitForSuccess(client, approveHash);
    return { approveHash };
  } catch (err) {
    throw golemErrorFromContractError(err);
  }
}
