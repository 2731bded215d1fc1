import { loadDeployment } from "@vm-on-golem/sdk/deployments/node";
import type { ProviderConfig } from "../config/provider-config.ts";

/** The payment token as the CLI prints it. */
export type PaymentToken = { symbol: string; decimals: number };

/**
 * The symbol and decimals of the token this node is paid in, read from the deployment file
 * of `payments.chainId` (no RPC call). A node whose deployment cannot be read prints plain
 * "GLM" with 18 decimals, the token every deployment uses.
 *
 * @example const { symbol } = await paymentTokenOf(config); // "tGLM" on the local chain
 */
export async function paymentTokenOf(config: ProviderConfig): Promise<PaymentToken> {
  const { chainId, deploymentsDir } = config.payments;
  try {
    const deployment = await loadDeployment(chainId, deploymentsDir ? { dir: deploymentsDir } : {});
    return { symbol: deployment.contracts.GLM.symbol, decimals: deployment.contracts.GLM.decimals };
  } catch {
    return { symbol: "GLM", decimals: 18 };
  }
}
