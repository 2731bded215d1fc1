import { type Hex, keccak256, toBytes } from "viem";
import { streamPaymentAbi } from "../abi/stream-payment-abi.generated.ts";
import { GolemError } from "../errors/golem-error.ts";
import type { Deployment } from "./deployment-schema.ts";

/**
 * The ABI hash a deployment records: `keccak256(toBytes(JSON.stringify(abi)))` of the artifact's
 * ABI array (the deploy script computes it the same way).
 */
export function abiHash(abi: readonly unknown[]): Hex {
  return keccak256(toBytes(JSON.stringify(abi)));
}

/**
 * Throws `ABI_MISMATCH` unless the deployment's StreamPayment was built from the same ABI as this
 * sdk's (or the given) `abi`.
 *
 * @example
 * assertDeploymentAbi(await loadDeployment(chainId));
 */
export function assertDeploymentAbi(
  deployment: Deployment,
  abi: readonly unknown[] = streamPaymentAbi,
): void {
  const expected = abiHash(abi);
  if (deployment.abiHash.toLowerCase() === expected) return;
  throw new GolemError(
    "ABI_MISMATCH",
    `the StreamPayment deployed on chain ${deployment.chainId} has another ABI than this sdk`,
    { details: { chainId: deployment.chainId, deployed: deployment.abiHash, sdk: expected } },
  );
}
