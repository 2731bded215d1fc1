import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { streamPaymentAbi } from "@vm-on-golem/sdk/contract";
import { artifacts, network } from "hardhat";
import { getAddress, getContractAddress, keccak256, stringToBytes } from "viem";
import { afterAll, describe, expect, it } from "vitest";
import { deployContracts, writeDeployment } from "../../scripts/deploy.ts";

const connection = await network.create();
const [deployer] = await connection.viem.getWalletClients();
const deployerAddress = getAddress(deployer?.account.address ?? "");
const dirs: string[] = [];

afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe("deployContracts", () => {
  it("deploys TestGLM then StreamPayment from the first account at nonces 0 and 1", async () => {
    const deployment = await deployContracts(connection);
    const { abi } = await artifacts.readArtifact("StreamPayment");
    expect(deployment).toEqual({
      chainId: 31337,
      name: connection.networkName,
      contracts: {
        StreamPayment: {
          address: getContractAddress({ from: deployerAddress, nonce: 1n }),
          deployBlock: 2,
        },
        GLM: {
          address: getContractAddress({ from: deployerAddress, nonce: 0n }),
          deployBlock: 1,
          symbol: "tGLM",
          decimals: 18,
          faucet: true,
        },
      },
      abiHash: keccak256(stringToBytes(JSON.stringify(abi))),
      deployedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/),
    });

    const dir = await mkdtemp(path.join(tmpdir(), "vmg-deployments-"));
    dirs.push(dir);
    const file = await writeDeployment(deployment, dir);
    expect(path.basename(file)).toBe("31337.json");
    expect(JSON.parse(await readFile(file, "utf8"))).toEqual(deployment);
  });

  it("deploys only StreamPayment when given an existing token", async () => {
    const { viem } = connection;
    const token = await viem.deployContract("TestGLM");
    const deployment = await deployContracts(connection, { token: token.address });
    expect(deployment.contracts.GLM).toEqual({
      address: getAddress(token.address),
      deployBlock: null,
      symbol: "tGLM",
      decimals: 18,
      faucet: false,
    });
    const publicClient = await viem.getPublicClient();
    const streamedToken = await publicClient.readContract({
      address: deployment.contracts.StreamPayment.address,
      abi: streamPaymentAbi,
      functionName: "token",
    });
    expect(streamedToken).toBe(getAddress(token.address));
  });
});

describe("deployContracts explorer", () => {
  it("records the explorer of a public chain viem knows (in-process chain with Sepolia's id)", async () => {
    const sepoliaLike = await network.create({ override: { chainId: 11155111 } });
    try {
      const deployment = await deployContracts(sepoliaLike);
      expect(deployment.chainId).toBe(11155111);
      expect(deployment.explorer).toEqual({
        name: "Etherscan",
        url: "https://sepolia.etherscan.io",
      });
    } finally {
      await sepoliaLike.close();
    }
  });
});
