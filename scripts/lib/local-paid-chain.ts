import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SigningClient } from "@vm-on-golem/sdk/contract";
import { requestGlmFromFaucet } from "@vm-on-golem/sdk/contract";
import { network } from "hardhat";
import {
  createPublicClient,
  createTestClient,
  createWalletClient,
  http,
  type PublicClient,
  parseEther,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import { type Deployment, deployContracts, writeDeployment } from "../deploy.ts";
import { type LocalChain, startLocalChain } from "./local-chain.ts";

/** A real `hardhat node` process with the contracts deployed into a temp deployments folder. */
export type LocalPaidChain = {
  chain: LocalChain;
  deployment: Deployment;
  /** Temp folder holding the deployments folder (and whatever the test puts there); short, so QMP socket paths under it fit. */
  dir: string;
  deploymentsDir: string;
  publicClient: PublicClient;
  testClient: ReturnType<typeof createTestClient>;
  /** Moves chain time on by `seconds` and mines a block (`evm_increaseTime` + `evm_mine`). */
  passTime(seconds: number): Promise<void>;
  /** A fresh random account with 10 ETH for gas and, when `glm`, test GLM from the faucet. */
  fundedWallet(options?: { glm?: boolean }): Promise<SigningClient>;
  stop(): Promise<void>;
};

/**
 * Starts `hardhat node` on a free port and deploys StreamPayment + TestGLM through the deploy
 * script into a temp deployments folder, as `./dev chain` does: the one chain set-up of the
 * provider, CLI and dapp tests that run against a real node process.
 *
 * @example const paid = await startLocalPaidChain(); env.GOLEM_PROVIDER_PAYMENTS_DEPLOYMENTS_DIR = paid.deploymentsDir;
 */
export async function startLocalPaidChain(): Promise<LocalPaidChain> {
  const chain = await startLocalChain({ port: 0 });
  try {
    const connection = await network.create({
      network: "localhost",
      override: { url: chain.rpcUrl },
    });
    const deployment = await deployContracts(connection);
    const dir = await mkdtemp(join(tmpdir(), "gpc-"));
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
      // cacheTime 0: tests read the block number right after mining, within viem's 4 s cache.
      publicClient: createPublicClient({ chain: hardhat, transport, cacheTime: 0 }) as PublicClient,
      testClient,
      async passTime(seconds) {
        await testClient.increaseTime({ seconds });
        await testClient.mine({ blocks: 1 });
      },
      async fundedWallet(options = {}) {
        const account = privateKeyToAccount(generatePrivateKey());
        await testClient.setBalance({ address: account.address, value: parseEther("10") });
        const wallet = createWalletClient({ account, chain: hardhat, transport });
        if (options.glm) {
          await requestGlmFromFaucet(wallet, { token: deployment.contracts.GLM.address });
        }
        return wallet;
      },
      async stop() {
        await chain.stop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await chain.stop();
    throw error;
  }
}
