import { assertChainId } from "@vm-on-golem/sdk/chain";
import { GolemError, isGolemError } from "@vm-on-golem/sdk/errors";
import { createPublicClient, http } from "viem";
import type { ProviderConfig } from "../config/provider-config.ts";

const noPaymentsHint =
  "or run without payments: `golem-provider start --no-payments` (or set payments.enabled=false)";

/**
 * Checks, before a node starts with payments on, that `payments.rpcUrl` answers and serves
 * `payments.chainId`. Fails with `CHAIN_UNREACHABLE` or `CHAIN_MISMATCH`, each with a hint to
 * start or point at the chain, or to run without payments.
 *
 * @example
 * if (config.payments.enabled) await checkPaymentsChain(config.payments);
 */
export async function checkPaymentsChain(
  payments: Pick<ProviderConfig["payments"], "rpcUrl" | "chainId">,
  timeoutMs = 5000,
): Promise<void> {
  const client = createPublicClient({
    transport: http(payments.rpcUrl, { retryCount: 0, timeout: timeoutMs }),
  });
  try {
    await assertChainId(client, payments.chainId);
  } catch (error) {
    if (!isGolemError(error)) throw error;
    if (error.code === "CHAIN_MISMATCH") {
      throw new GolemError(
        "CHAIN_MISMATCH",
        `payments.rpcUrl ${payments.rpcUrl} serves ${error.message.replace(/^the RPC endpoint serves /, "")}`,
        {
          hints: [
            "set payments.rpcUrl to an endpoint of payments.chainId, or payments.chainId to the chain it serves",
            noPaymentsHint,
          ],
          details: { ...error.details, rpcUrl: payments.rpcUrl },
        },
      );
    }
    throw new GolemError(
      "CHAIN_UNREACHABLE",
      `payments are on, but the chain at ${payments.rpcUrl} (payments.rpcUrl) did not answer`,
      {
        hints: [
          "start a local chain (`./dev chain`) or set payments.rpcUrl to a running node of chain " +
            `${payments.chainId}`,
          noPaymentsHint,
        ],
        details: { rpcUrl: payments.rpcUrl, chainId: payments.chainId, reason: error.message },
        cause: error,
      },
    );
  }
}
