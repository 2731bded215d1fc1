/**
 * Deploys StreamPayment (and TestGLM, unless an existing token is given) with Hardhat Ignition and writes
 * `deployments/<chainId>.json`, the file every other part reads addresses from.
 *
 * @example node scripts/deploy.ts --network localhost
 * @example node scripts/deploy.ts --network localhost --rpc-url http://127.0.0.1:18545 # a node on another port
 * @example node scripts/deploy.ts --network sepolia --token 0x… # stream an existing token (GLM)
 * @example node scripts/deploy.ts --network sepolia --token 0x… --native # and the chain's ETH too
 */
import { randomUUID } from "node:crypto";
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { HardhatArtifactResolver } from "@nomicfoundation/hardhat-ignition/helpers";
import { listTransactions } from "@nomicfoundation/ignition-core";
import { knownExplorer } from "@vm-on-golem/sdk/deployments";
import { GolemError } from "@vm-on-golem/sdk/errors";
import { artifacts, config, network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";
import {
  type Address,
  erc20Abi,
  getAddress,
  type Hash,
  isAddress,
  keccak256,
  type PublicClient,
  stringToBytes,
  zeroAddress,
} from "viem";
import StreamPaymentModule from "../ignition/modules/StreamPayment.ts";
import StreamPaymentForTokenModule from "../ignition/modules/StreamPaymentForToken.ts";
import StreamPaymentNativeModule from "../ignition/modules/StreamPaymentNative.ts";
import StreamPaymentSiblingsModule from "../ignition/modules/StreamPaymentSiblings.ts";
import { buildContracts } from "./lib/build-contracts.ts";
import { printScriptError } from "./lib/script-error.ts";

/** Chain id of Hardhat and anvil dev chains, whose state does not outlive the node. */
const DEV_CHAIN_ID = 31337;

/** One StreamPayment contract of a deployment and what it is paid in. */
export type StreamPaymentDeployment = {
  address: Address;
  deployBlock: number;
  /** The token streams are paid in: the zero address (symbol ETH) for the chain's native coin. */
  token: {
    address: Address;
    /** null when the token existed before this deployment, or is the native coin. */
    deployBlock: number | null;
    symbol: string;
    decimals: number;
    /** True when the token is a test token whose `faucet()` mints to anyone. */
    faucet: boolean;
  };
  /** Which contract: the ERC-20 StreamPayment or StreamPaymentNative. */
  contract: "StreamPayment" | "StreamPaymentNative";
  /** keccak256 of `JSON.stringify(abi)` of that contract's artifact. */
  abiHash: Hash;
};

/** The content of `deployments/<chainId>.json`. Block numbers are plain numbers, times ISO 8601. */
export type Deployment = {
  chainId: number;
  /** Hardhat network name the deployment was made through (`localhost`, `sepolia`, …). */
  name: string;
  contracts: {
    StreamPayment: { address: Address; deployBlock: number };
    /** The token streams are paid in; `deployBlock` is null when it existed before this deployment. */
    GLM: {
      address: Address;
      deployBlock: number | null;
      symbol: string;
      decimals: number;
      /** True when the token is TestGLM, whose `faucet()` mints to anyone. */
      faucet: boolean;
    };
  };
  /** keccak256 of `JSON.stringify(abi)` of the StreamPayment artifact: readers compare it to their ABI copy. */
  abiHash: Hash;
  /**
   * Every StreamPayment of this deployment with its token, the one above (`contracts`) first: on
   * local chains also one paying in TestGolemNetworkToken (mainnet GLM's DAI-style permit) and
   * StreamPaymentNative (ETH); on public chains the native one with `--native`.
   */
  streamPayments: StreamPaymentDeployment[];
  /** Timestamp of the StreamPayment deploy block. */
  deployedAt: string;
  /** The chain's block explorer, for the public chains viem knows; absent on local chains (31337). */
  explorer?: { name: string; url: string };
};

export type DeployContractsParameters = {
  /**
   * Existing ERC-20 to stream (GLM on public chains); when absent, TestGLM is deployed first, and
   * after it the siblings (TestGolemNetworkToken with its StreamPayment, StreamPaymentNative).
   */
  token?: Address | undefined;
  /** With `token`: also deploy StreamPaymentNative (streams in the chain's native coin). */
  native?: boolean | undefined;
};

export type DeployContractsReturnType = Deployment;

/**
 * Deploys the contracts through Ignition on `connection` (in-process or remote) and describes the result.
 *
 * Remote deployments keep an Ignition journal under `ignition/deployments/chain-<chainId>/`, so running again
 * resumes or reuses them; a dev chain (31337) deploys afresh each time with a journal of its own that is removed
 * afterwards. On a fresh Hardhat node the addresses are deterministic (first account, nonces 0 and 1).
 *
 * @example const deployment = await deployContracts(await network.create());
 */
export async function deployContracts(
  connection: NetworkConnection,
  { token, native = false }: DeployContractsParameters = {},
): Promise<DeployContractsReturnType> {
  const publicClient = await connection.viem.getPublicClient();
  const chainId = await publicClient.getChainId();
  // A dev chain gets a journal of its own per deploy, removed afterwards: tests and the demo deploy
  // to several fresh 31337 nodes at once, and a shared journal would mix their contracts up.
  const deploymentId =
    chainId === DEV_CHAIN_ID ? `dev-${process.pid}-${randomUUID()}` : `chain-${chainId}`;
  const journalDir =
    connection.networkConfig.type === "edr-simulated"
      ? undefined
      : path.join(config.paths.ignition, "deployments", deploymentId);
  try {
    return await deployWithJournal(connection, publicClient, journalDir, deploymentId, {
      token,
      native,
    });
  } finally {
    if (journalDir !== undefined && chainId === DEV_CHAIN_ID) {
      await rm(journalDir, { recursive: true, force: true });
    }
  }
}

async function deployWithJournal(
  connection: NetworkConnection,
  publicClient: PublicClient,
  journalDir: string | undefined,
  deploymentId: string,
  { token, native }: { token: Address | undefined; native: boolean },
): Promise<DeployContractsReturnType> {
  const chainId = await publicClient.getChainId();

  const firstBlock = (await publicClient.getBlockNumber()) + 1n;
  // Only addresses are read from the results: their contract types exist only once artifacts are generated.
  let streamPaymentAddress: Address;
  let tokenAddress: Address;
  if (token === undefined) {
    const deployed: Record<"glm" | "streamPayment", { address: Address }> =
      await connection.ignition.deploy(StreamPaymentModule, { deploymentId });
    streamPaymentAddress = getAddress(deployed.streamPayment.address);
    tokenAddress = getAddress(deployed.glm.address);
  } else {
    const deployed: Record<"streamPayment", { address: Address }> =
      await connection.ignition.deploy(StreamPaymentForTokenModule, {
        parameters: { StreamPaymentForToken: { token } },
        deploymentId,
      });
    streamPaymentAddress = getAddress(deployed.streamPayment.address);
    tokenAddress = getAddress(token);
  }
  // The siblings come after the default pair, so its addresses stay those of nonces 0 and 1.
  let glmLike: { token: Address; streamPayment: Address } | undefined;
  let nativeAddress: Address | undefined;
  if (token === undefined) {
    const siblings: Record<
      "glmLike" | "streamPaymentGlmLike" | "streamPaymentNative",
      { address: Address }
    > = await connection.ignition.deploy(StreamPaymentSiblingsModule, { deploymentId });
    glmLike = {
      token: getAddress(siblings.glmLike.address),
      streamPayment: getAddress(siblings.streamPaymentGlmLike.address),
    };
    nativeAddress = getAddress(siblings.streamPaymentNative.address);
  } else if (native) {
    const deployed: Record<"streamPaymentNative", { address: Address }> =
      await connection.ignition.deploy(StreamPaymentNativeModule, { deploymentId });
    nativeAddress = getAddress(deployed.streamPaymentNative.address);
  }

  const deployBlocks = await findDeployBlocks(publicClient, journalDir, firstBlock);
  const blockOf = (name: string, address: Address): bigint => {
    const found = deployBlocks.get(address);
    if (found === undefined)
      throw new Error(`no deploy transaction found for ${name} at ${address}`);
    return found;
  };
  const streamPaymentBlock = blockOf("StreamPayment", streamPaymentAddress);
  const tokenContract = { address: tokenAddress, abi: erc20Abi } as const;
  const [symbol, decimals, block] = await Promise.all([
    publicClient.readContract({ ...tokenContract, functionName: "symbol" }),
    publicClient.readContract({ ...tokenContract, functionName: "decimals" }),
    publicClient.getBlock({ blockNumber: streamPaymentBlock }),
  ]);
  const { abi } = await artifacts.readArtifact("StreamPayment");
  const erc20AbiHash = keccak256(stringToBytes(JSON.stringify(abi)));
  const tokenInfo = async (address: Address, deployBlock: number | null, faucet: boolean) => {
    const read = { address, abi: erc20Abi } as const;
    const [tokenSymbol, tokenDecimals] = await Promise.all([
      publicClient.readContract({ ...read, functionName: "symbol" }),
      publicClient.readContract({ ...read, functionName: "decimals" }),
    ]);
    return { address, deployBlock, symbol: tokenSymbol, decimals: tokenDecimals, faucet };
  };
  const tokenDeployBlock = token === undefined ? Number(blockOf("TestGLM", tokenAddress)) : null;
  const streamPayments: StreamPaymentDeployment[] = [
    {
      address: streamPaymentAddress,
      deployBlock: Number(streamPaymentBlock),
      token: {
        address: tokenAddress,
        deployBlock: tokenDeployBlock,
        symbol,
        decimals,
        faucet: token === undefined,
      },
      contract: "StreamPayment",
      abiHash: erc20AbiHash,
    },
  ];
  if (glmLike !== undefined) {
    streamPayments.push({
      address: glmLike.streamPayment,
      deployBlock: Number(blockOf("StreamPayment (GLM-like)", glmLike.streamPayment)),
      token: await tokenInfo(
        glmLike.token,
        Number(blockOf("TestGolemNetworkToken", glmLike.token)),
        true,
      ),
      contract: "StreamPayment",
      abiHash: erc20AbiHash,
    });
  }
  if (nativeAddress !== undefined) {
    const { abi: nativeAbi } = await artifacts.readArtifact("StreamPaymentNative");
    streamPayments.push({
      address: nativeAddress,
      deployBlock: Number(blockOf("StreamPaymentNative", nativeAddress)),
      token: {
        address: zeroAddress,
        deployBlock: null,
        symbol: "ETH",
        decimals: 18,
        faucet: false,
      },
      contract: "StreamPaymentNative",
      abiHash: keccak256(stringToBytes(JSON.stringify(nativeAbi))),
    });
  }

  return {
    chainId,
    name: connection.networkName,
    contracts: {
      StreamPayment: { address: streamPaymentAddress, deployBlock: Number(streamPaymentBlock) },
      GLM: {
        address: tokenAddress,
        deployBlock: tokenDeployBlock,
        symbol,
        decimals,
        faucet: token === undefined,
      },
    },
    abiHash: erc20AbiHash,
    streamPayments,
    deployedAt: new Date(Number(block.timestamp) * 1000).toISOString(),
    ...explorerField(chainId),
  };
}

/** `{ explorer }` for a public chain with a known explorer; nothing on a dev chain. */
function explorerField(chainId: number): Pick<Deployment, "explorer"> {
  const explorer = chainId === DEV_CHAIN_ID ? undefined : knownExplorer(chainId);
  return explorer ? { explorer } : {};
}

/** Writes `deployment` to `<dir>/<chainId>.json` and returns the file's path. */
export async function writeDeployment(deployment: Deployment, dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${deployment.chainId}.json`);
  await writeFile(file, `${JSON.stringify(deployment, null, 2)}\n`);
  return file;
}

/** Maps each contract address created by the deployment to its block number. */
async function findDeployBlocks(
  publicClient: PublicClient,
  journalDir: string | undefined,
  firstBlock: bigint,
): Promise<Map<Address, bigint>> {
  const blocks = new Map<Address, bigint>();
  if (journalDir !== undefined) {
    // Remote: the journal knows every deploy transaction, including those of an earlier, resumed run.
    const transactions = await listTransactions(journalDir, new HardhatArtifactResolver(artifacts));
    for (const { address, txHash } of transactions) {
      if (address === undefined) continue;
      const receipt = await publicClient.getTransactionReceipt({ hash: txHash as Hash });
      blocks.set(getAddress(address), receipt.blockNumber);
    }
    return blocks;
  }
  // In-process: the chain is as new as the connection and keeps no journal; scan the blocks just mined.
  const lastBlock = await publicClient.getBlockNumber();
  for (let number = firstBlock; number <= lastBlock; number++) {
    const { transactions } = await publicClient.getBlock({ blockNumber: number });
    for (const hash of transactions) {
      const { contractAddress } = await publicClient.getTransactionReceipt({ hash });
      if (contractAddress) blocks.set(getAddress(contractAddress), number);
    }
  }
  return blocks;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      network: { type: "string", default: "localhost" },
      "rpc-url": { type: "string" },
      token: { type: "string" },
      native: { type: "boolean", default: false },
      out: { type: "string", default: path.join(import.meta.dirname, "..", "deployments") },
    },
  });
  if (values.token !== undefined && !isAddress(values.token)) {
    throw new GolemError("VALIDATION_FAILED", `--token ${values.token} is not an address`, {
      hints: ["pass the token's 0x-prefixed 20-byte address"],
      details: { field: "--token", value: values.token },
    });
  }
  // Local chains use the default build; public ones the production build, as
  // `hardhat ignition deploy` does (and as `hardhat verify` expects).
  const local =
    values.network === "localhost" || config.networks[values.network]?.type === "edr-simulated";
  await buildContracts({
    profile: local ? "default" : "production",
    log: (line) => console.log(line),
  });
  const rpcUrl = values["rpc-url"];
  const connection = await network.create({
    network: values.network,
    ...(rpcUrl === undefined ? {} : { override: { url: rpcUrl } }),
  });
  try {
    const deployment = await deployContracts(connection, {
      token: values.token,
      native: values.native,
    });
    if (connection.networkConfig.type === "edr-simulated") {
      console.log(JSON.stringify(deployment, null, 2));
      console.log(
        `(in-process network "${values.network}": nothing outlives this run, so no file was written)`,
      );
    } else {
      const file = await writeDeployment(deployment, values.out);
      console.log(
        `StreamPayment ${deployment.contracts.StreamPayment.address} (block ${deployment.contracts.StreamPayment.deployBlock})`,
      );
      console.log(`${deployment.contracts.GLM.symbol} ${deployment.contracts.GLM.address}`);
      for (const { contract, address, token } of deployment.streamPayments.slice(1)) {
        console.log(`${contract} ${address} paid in ${token.symbol} ${token.address}`);
      }
      console.log(`wrote ${path.relative(process.cwd(), file)}`);
    }
  } finally {
    await connection.close();
  }
}

if (import.meta.main) {
  main().catch((error: unknown) => {
    printScriptError(error, {
      usage:
        "./dev deploy [--network NAME] [--rpc-url URL] [--token ADDRESS [--native]] [--out DIR]",
    });
    process.exitCode = 1;
  });
}
