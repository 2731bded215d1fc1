import { paymentDeployment, streamPaymentNamed } from "@vm-on-golem/sdk/deployments";
import { loadDeployment } from "@vm-on-golem/sdk/deployments/node";
import type { Address } from "viem";
import type { ProviderConfig } from "../config/provider-config.ts";

/** The payment token as the CLI prints it. */
export type PaymentToken = { symbol: string; decimals: number };

/**
 * The symbol and decimals of what this node is paid in (`payments.streamPayment`'s token, else `payments.pay`:
 * the deployment's GLM, or its native coin), read from the deployment file of `payments.chainId` (no RPC call). A node
 * whose deployment cannot be read prints plain "GLM" (or "ETH") with 18 decimals.
 *
 * @example const { symbol } = await paymentTokenOf(config); // "tGLM" on the local chain
 */
export async function paymentTokenOf(config: ProviderConfig): Promise<PaymentToken> {
  const { chainId, deploymentsDir, pay, streamPayment } = config.payments;
  try {
    const deployment = await loadDeployment(chainId, deploymentsDir ? { dir: deploymentsDir } : {});
    const { symbol, decimals } = streamPayment
      ? streamPaymentNamed(deployment, streamPayment as Address)
      : paymentDeployment(deployment, pay);
    return { symbol, decimals };
  } catch {
    return { symbol: pay === "eth" ? "ETH" : "GLM", decimals: 18 };
  }
}
