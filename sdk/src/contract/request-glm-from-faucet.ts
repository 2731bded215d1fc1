import { type Address, type Hash, isAddressEqual, parseEventLogs } from "viem";
import { simulateContract } from "viem/actions";
import { glmAbi } from "../abi/glm-abi.generated.ts";
import { golemErrorFromContractError } from "../errors/golem-error-from-contract-error.ts";
import { waitForSuccess } from "./wait-for-success.ts";
import type { SigningClient } from "./wallet-client.ts";
import { writeWithGasMargin } from "./write-with-gas-margin.ts";

/** Parameters of {@link requestGlmFromFaucet}. */
export type RequestGlmFromFaucetParameters = {
  /** The test token (a deployment whose `GLM.faucet` is true). */
  token: Address;
  /** Who receives the tokens; the client's account when omitted. */
  recipient?: Address | undefined;
};

/** Result of {@link requestGlmFromFaucet}. */
export type RequestGlmFromFaucetReturnType = {
  hash: Hash;
  /** Base units minted to the recipient. */
  amount: bigint;
};

/**
 * Mints test GLM from the test token's faucet (`faucet()`, or `faucetTo(recipient)`).
 * A recipient still cooling down is `FAUCET_COOLDOWN`.
 *
 * @example
 * const { amount } = await requestGlmFromFaucet(wallet, { token: deployment.contracts.GLM.address });
 */
export async function requestGlmFromFaucet(
  client: SigningClient,
  { token, recipient }: RequestGlmFromFaucetParameters,
): Promise<RequestGlmFromFaucetReturnType> {
  try {
    const common = { address: token, abi: glmAbi, account: client.account, chain: client.chain };
    const hash =
      recipient === undefined
        ? await writeWithGasMargin(
            client,
            (await simulateContract(client, { ...common, functionName: "faucet" })).request,
          )
        : await writeWithGasMargin(
            client,
            (
              await simulateContract(client, {
                ...common,
                functionName: "faucetTo",
                args: [recipient],
              })
            ).request,
          );
    const receipt = await waitForSuccess(client, hash);
    const logs = parseEventLogs({
      abi: glmAbi,
      eventName: "FaucetUsed",
      logs: receipt.logs.filter((log) => isAddressEqual(log.address, token)),
    });
    let amount = 0n;
    for (const log of logs) amount += log.args.amount;
    return { hash, amount };
  } catch (err) {
    throw golemErrorFromContractError(err);
  }
}
