import type { Client } from "viem";
import { getChainId } from "viem/actions";
import { GolemError } from "../errors/golem-error.ts";
import { golemErrorFromContractError } from "../errors/golem-error-from-contract-error.ts";

/**
 * Checks that the client's RPC endpoint serves chain `expected` (the deployment's chain).
 * Wrong chain → `CHAIN_MISMATCH`; no answer → `CHAIN_UNREACHABLE`.
 *
 * @example
 * await assertChainId(publicClient, deployment.chainId);
 */
export async function assertChainId(client: Client, expected: number): Promise<void> {
  let actual: number;
  try {
    actual = await getChainId(client);
  } catch (err) {
    throw golemErrorFromContractError(err);
  }
  if (actual !== expected) {
    throw new GolemError(
      "CHAIN_MISMATCH",
      `the RPC endpoint serves chain ${actual}, but the deployment is on chain ${expected}`,
      { details: { expected, actual } },
    );
  }
}
