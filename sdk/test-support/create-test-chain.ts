import { network } from "hardhat";
import type { Address } from "viem";
import { streamPaymentAbi } from "../src/abi/stream-payment-abi.generated.ts";
import { abiHash } from "../src/deployments/abi-hash.ts";
import type { Deployment } from "../src/deployments/deployment-schema.ts";

/**
 * A fresh in-process Hardhat chain with TestGLM and StreamPayment deployed, for tests (needs the
 * compiled artifacts: `npx hardhat compile`). Each call is its own chain; nothing is shared.
 *
 * @example
 * const chain = await createTestChain();
 * await createStream(chain.requestor, { address: chain.streamPayment, ... });
 */
export async function createTestChain() {
  const connection = await network.create();
  const { viem, networkHelpers } = connection;
  const publicClient = await viem.getPublicClient();
  const [deployer, requestor, provider, stranger] = await viem.getWalletClients();
  if (!deployer || !requestor || !provider || !stranger) {
    throw new Error("the Hardhat network has fewer than 4 accounts");
  }
  const glm = await viem.deployContract("TestGLM");
  const streamPayment = await viem.deployContract("StreamPayment", [glm.address]);
  const deployBlock = await publicClient.getBlockNumber();
  const deployment: Deployment = {
    chainId: await publicClient.getChainId(),
    name: "hardhat",
    contracts: {
      StreamPayment: { address: streamPayment.address, deployBlock },
      GLM: { address: glm.address, deployBlock, symbol: "tGLM", decimals: 18, faucet: true },
    },
    abiHash: abiHash(streamPaymentAbi),
    deployedAt: new Date().toISOString(),
  };
  return {
    connection,
    publicClient,
    /** Deploys; holds no tokens. */
    deployer,
    /** Pays for VMs (stream sender). */
    requestor,
    /** Is paid (stream recipient). */
    provider,
    /** Neither sender nor recipient. */
    stranger,
    streamPayment: streamPayment.address as Address,
    glm: glm.address as Address,
    deployment,
    time: networkHelpers.time,
    networkHelpers,
  };
}

/** What {@link createTestChain} returns. */
export type TestChain = Awaited<ReturnType<typeof createTestChain>>;
