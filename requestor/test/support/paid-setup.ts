import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { network } from "hardhat";
import { createPublicClient, createTestClient, http, type PublicClient } from "viem";
import { hardhat } from "viem/chains";
import { deployContracts, writeDeployment } from "../../../scripts/deploy.ts";
import { type LocalChain, startLocalChain } from "../../../scripts/lib/local-chain.ts";

/** A real Hardhat node with the contracts deployed and a requestor home for the CLI. */
export type PaidChain = {
  chain: LocalChain;
  deployment: Awaited<ReturnType<typeof deployContracts>>;
  /** Temp folder holding everything; short, so QMP socket paths under it fit. */
  dir: string;
  deploymentsDir: string;
  /** Env for `runGolem`: home, RPC, deployments. */
  env: Record<string, string>;
  publicClient: PublicClient;
  testClient: ReturnType<typeof createTestClient>;
  /** Moves chain time on by `seconds` and mines a block. */
  passTime(seconds: number): Promise<void>;
  stop(): Promise<void>;
};

/**
 * Starts a Hardhat node on a free port, deploys StreamPayment + the test token into a temp
 * deployments folder and prepares a requestor home, like `./dev demo` does.
 *
 * @example
 * const paid = await startPaidChain();
 * await runGolem(["wallet", "faucet"], paid.env);
 */
export async function startPaidChain(): Promise<PaidChain> {
  const chain = await startLocalChain({ port: 0 });
  const connection = await network.create({
    network: "localhost",
    override: { url: chain.rpcUrl },
  });
  const deployment = await deployContracts(connection);
  const dir = await mkdtemp(join(tmpdir(), "gr-"));
  const deploymentsDir = join(dir, "deployments");
  await mkdir(deploymentsDir, { recursive: true });
  await writeDeployment(deployment, deploymentsDir);
  const transport = http(chain.rpcUrl);
  const testClient = createTestClient({ mode: "hardhat", chain: hardhat, transport });
  return {
    chain,
    deployment,
    dir,
    deploymentsDir,
    env: {
      GOLEM_REQUESTOR_HOME: join(dir, "golem"),
      GOLEM_REQUESTOR_RPC_URL: chain.rpcUrl,
      GOLEM_REQUESTOR_DEPLOYMENTS_DIR: deploymentsDir,
    },
    publicClient: createPublicClient({ chain: hardhat, transport }) as PublicClient,
    testClient,
    async passTime(seconds) {
      await testClient.increaseTime({ seconds });
      await testClient.mine({ blocks: 1 });
    },
    async stop() {
      await chain.stop();
      await rm(dir, { recursive: true, force: true });
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
