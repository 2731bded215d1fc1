import type { Address, Client } from "viem";
import { readContract } from "viem/actions";
import { glmAbi } from "../abi/glm-abi.generated.ts";
import { golemErrorFromContractError } from "../errors/golem-error-from-contract-error.ts";

/** Parameters of {@link readSenderFunding}. */
export type ReadSenderFundingParameters = {
  /** The ERC-20 token streams are paid in. */
  token: Address;
  /** The stream's sender. */
  owner: Address;
  /** The StreamPayment contract, which pulls budget top-ups through the sender's allowance. */
  spender: Address;
};

/** Token base units the sender holds and has allowed the contract to pull. */
export type ReadSenderFundingReturnType = { balance: bigint; allowance: bigint };

/**
 * An account's token balance and its allowance to `spender`, read together: what a top-up from a
 * stream's budget can pull at most (the lesser of the two, and of the budget, bounds the pull),
 * and what `ensureAllowance` checks before approving.
 *
 * @example const { balance, allowance } = await readSenderFunding(client, { token, owner: stream.sender, spender: streamPayment });
 */
export async function readSenderFunding(
  client: Client,
  { token, owner, spender }: ReadSenderFundingParameters,
): Promise<ReadSenderFundingReturnType> {
  try {
    const [balance, allowance] = await Promise.all([
      readContract(client, {
        address: token,
        abi: glmAbi,
        functionName: "balanceOf",
        args: [owner],
      }),
      readContract(client, {
        address: token,
        abi: glmAbi,
        functionName: "allowance",
        args: [owner, spender],
      }),
    ]);
    return { balance, allowance };
  } catch (err) {
    throw golemErrorFromContractError(err);
  }
}
