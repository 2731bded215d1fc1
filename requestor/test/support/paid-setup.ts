import { join } from "node:path";
import { type LocalPaidChain, startLocalPaidChain } from "../../../scripts/lib/local-paid-chain.ts";

/** A real Hardhat node with the contracts deployed and a requestor home for the CLI. */
export type PaidChain = LocalPaidChain & {
  /** Env for `runGolem`: home, RPC, deployments. */
  env: Record<string, string>;
};

/**
 * Starts a Hardhat node on a free port, deploys StreamPayment + the test token into a temp
 * deployments folder (the shared `startLocalPaidChain`) and prepares a requestor home, like
 * `./dev demo` does.
 *
 * @example
 * const paid = await startPaidChain();
 * await runGolem(["wallet", "faucet"], paid.env);
 */
export async function startPaidChain(): Promise<PaidChain> {
  const paid = await startLocalPaidChain();
  return {
    ...paid,
    env: {
      GOLEM_REQUESTOR_HOME: join(paid.dir, "golem"),
      GOLEM_REQUESTOR_RPC_URL: paid.chain.rpcUrl,
      GOLEM_REQUESTOR_DEPLOYMENTS_DIR: paid.deploymentsDir,
    },
  };
}

/**
 * `GOLEM_PROVIDER_*` settings for a provider paid on `paid`'s chain: payments on, prices set
 * (1 GLM per core-hour), a short minimum runway so a one-hour stream is enough.
 */
export function paidProviderEnv(paid: PaidChain): Record<string, string> {
  return {
    GOLEM_PROVIDER_PAYMENTS_ENABLED: "true",
    GOLEM_PROVIDER_PAYMENTS_RPC_URL: paid.chain.rpcUrl,
    GOLEM_PROVIDER_PAYMENTS_CHAIN_ID: String(paid.chain.chainId),
    GOLEM_PROVIDER_PAYMENTS_DEPLOYMENTS_DIR: paid.deploymentsDir,
    GOLEM_PROVIDER_PAYMENTS_MIN_RUNWAY_SECONDS: "600",
    GOLEM_PROVIDER_AUTH_CHAIN_ID: String(paid.chain.chainId),
    GOLEM_PROVIDER_PRICING_PER_CORE_HOUR: "1000000000000000000",
  };
}
