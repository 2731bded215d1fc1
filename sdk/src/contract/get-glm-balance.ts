import type { Address, Client } from "viem";
import { readContract } from "viem/actions";
import { glmAbi } from "../abi/glm-abi.generated.ts";
import { golemErrorFromContractError } from "../errors/golem-error-from-contract-error.ts";

/** Parameters of {@link getGlmBalance}. */
export type GetGlmBalanceParameters = {
  /** The token (GLM, or the test token). */
  token: Address;
  /** Whose balance. */
  owner: Address;
};

/**
 * Token balance of `owner` in base units (format with the deployment's `decimals` at the edge).
 *
 * @example
 * formatTokenAmount(await getGlmBalance(client, { token, owner }), deployment.contracts.GLM); // "992.38 tGLM"
 */
export async function getGlmBalance(
  client: Client,
  { token, owner }: GetGlmBalanceParameters,
): Promise<bigint> {
  try {
    return await readContract(client, {
      address: token,
      abi: glmAbi,
      functionName: "balanceOf",
      args: [owner],
    });
  } catch (err) {
    throw golemErrorFromContractError(err);
  }
}
