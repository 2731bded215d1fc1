import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { streamPaymentAbi, streamPaymentNativeAbi } from "@vm-on-golem/sdk/contract";
import { parseDeployment } from "@vm-on-golem/sdk/deployments";
import { artifacts, network } from "hardhat";
import {
  getAddress,
  getContractAddress,
  keccak256,
  parseAbi,
  stringToBytes,
  zeroAddress,
} from "viem";
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
  it("deploys TestGLM then StreamPayment from the first account at nonces 0 and 1, then the siblings", async () => {
    const deployment = await deployContracts(connection);
    const { abi } = await artifacts.readArtifact("StreamPayment");
    const { abi: nativeAbi } = await artifacts.readArtifact("StreamPaymentNative");
    const siblingAddresses = new Set(
      [2n, 3n, 4n].map((nonce) => getContractAddress({ from: deployerAddress, nonce })),
    );
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
      streamPayments: [
        {
          address: getContractAddress({ from: deployerAddress, nonce: 1n }),
          deployBlock: 2,
          token: {
            address: getContractAddress({ from: deployerAddress, nonce: 0n }),
            deployBlock: 1,
            symbol: "tGLM",
            decimals: 18,
            faucet: true,
          },
          contract: "StreamPayment",
          abiHash: keccak256(stringToBytes(JSON.stringify(abi))),
        },
        {
          address: expect.any(String),
          deployBlock: expect.any(Number),
          token: {
            address: expect.any(String),
            deployBlock: expect.any(Number),
            symbol: "tGLM",
            decimals: 18,
            faucet: true,
          },
          contract: "StreamPayment",
          abiHash: keccak256(stringToBytes(JSON.stringify(abi))),
        },
        {
          address: expect.any(String),
          deployBlock: expect.any(Number),
          token: {
            address: zeroAddress,
            deployBlock: null,
            symbol: "ETH",
            decimals: 18,
            faucet: false,
          },
          contract: "StreamPaymentNative",
          abiHash: keccak256(stringToBytes(JSON.stringify(nativeAbi))),
        },
      ],
      deployedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/),
    });
    const [, glmLike, native] = deployment.streamPayments;
    // The siblings take the next nonces, whatever order Ignition sends them in.
    expect(new Set([glmLike?.address, glmLike?.token.address, native?.address])).toEqual(
      siblingAddresses,
    );
    const publicClient = await connection.viem.getPublicClient();
    expect(
      await publicClient.readContract({
        address: glmLike?.address ?? zeroAddress,
        abi: streamPaymentAbi,
        functionName: "token",
      }),
    ).toBe(glmLike?.token.address);
    expect(
      await publicClient.readContract({
        address: glmLike?.token.address ?? zeroAddress,
        abi: parseAbi(["function name() view returns (string)"]),
        functionName: "name",
      }),
    ).toBe("Golem Network Token");
    expect(
      await publicClient.readContract({
        address: native?.address ?? zeroAddress,
        abi: streamPaymentNativeAbi,
        functionName: "token",
      }),
    ).toBe(zeroAddress);

    const dir = await mkdtemp(path.join(tmpdir(), "vmg-deployments-"));
    dirs.push(dir);
    const file = await writeDeployment(deployment, dir);
    expect(path.basename(file)).toBe("31337.json");
    expect(JSON.parse(await readFile(file, "utf8"))).toEqual(deployment);
    expect(parseDeployment(deployment).streamPayments?.map((entry) => entry.token.symbol)).toEqual([
      "tGLM",
      "tGLM",
      "ETH",
    ]);
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

  it("adds StreamPaymentNative beside an existing token's StreamPayment with native", async () => {
    const token = await connection.viem.deployContract("TestGLM");
    const deployment = await deployContracts(connection, { token: token.address, native: true });
    expect(deployment.streamPayments.map((entry) => [entry.contract, entry.token.symbol])).toEqual([
      ["StreamPayment", "tGLM"],
      ["StreamPaymentNative", "ETH"],
    ]);
    const publicClient = await connection.viem.getPublicClient();
    const native = deployment.streamPayments[1];
    expect(
      await publicClient.readContract({
        address: native?.address ?? zeroAddress,
        abi: streamPaymentNativeAbi,
        functionName: "PAYOUT_GAS",
      }),
    ).toBe(30_000n);
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
