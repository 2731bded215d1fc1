/**
 * The stack of the dapp's payment e2e test: a real local chain with the contracts (StreamPayment
 * on tGLM, on TestGolemNetworkToken with mainnet GLM's DAI-style permit, StreamPaymentNative),
 * plus a StreamPayment on TestPlainToken (no permit) that the test deploys and lists in the
 * deployment file itself; one real `golem-provider` daemon per StreamPayment, each configured
 * with `payments.pay` / `payments.streamPayment`, whose VMs are the TEST-ONLY fake process
 * driver's guests (a process answering an SSH banner: the subject is the payment, not the
 * hypervisor; real guests are rented in rent.e2e.test.ts); and the dapp as its static site (static-dapp.ts).
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { type Address, createWalletClient, getAddress, type Hex, http, parseEther } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import { killFakeGuests } from "../../provider-node/test/support/fake-process-driver.ts";
import { freePort } from "../../scripts/lib/free-port.ts";
import { type LocalPaidChain, startLocalPaidChain } from "../../scripts/lib/local-paid-chain.ts";
import { type ProviderDaemon, startProviderDaemon } from "../../scripts/lib/provider-daemon.ts";
import { buildIfStale, type DappSite, serveDapp } from "./static-dapp.ts";

/** Hourly prices of every test provider, in its coin's base units (0.01 per core-hour). */
export const payPrices = {
  perCoreHour: "10000000000000000",
  perGiBMemoryHour: "1000000000000000",
  perGiBDiskHour: "100000000000000",
};

/** Which provider: paid in the GLM-interface token, in native ETH, in the permit-less token. */
export type PayProviderName = "glmLike" | "eth" | "plain";

export type PayStack = {
  paid: LocalPaidChain;
  daemons: Record<PayProviderName, ProviderDaemon>;
  /** Each provider's StreamPayment and token (zero for ETH). */
  contracts: Record<PayProviderName, { streamPayment: Address; token: Address; symbol: string }>;
  server: DappSite;
  stop: () => Promise<void>;
};

async function artifact(name: string): Promise<{ abi: unknown[]; bytecode: Hex }> {
  const file = new URL(`../../artifacts/contracts/${name}.sol/${name}.json`, import.meta.url);
  return JSON.parse(await readFile(file, "utf8")) as { abi: unknown[]; bytecode: Hex };
}

/**
 * Deploys TestPlainToken (an ERC-20 with a faucet and no permit) and a StreamPayment for it, and
 * lists that StreamPayment in the deployment file, as an operator paid in such a token would.
 */
async function deployPlainTokenPayment(paid: LocalPaidChain): Promise<{
  streamPayment: Address;
  token: Address;
}> {
  const deployer = privateKeyToAccount(generatePrivateKey());
  await paid.testClient.setBalance({ address: deployer.address, value: parseEther("10") });
  const wallet = createWalletClient({
    account: deployer,
    chain: hardhat,
    transport: http(paid.chain.rpcUrl),
  });
  const deploy = async (name: string, args: unknown[]) => {
    const { abi, bytecode } = await artifact(name);
    const hash = await wallet.deployContract({ abi, bytecode, args });
    const receipt = await paid.publicClient.waitForTransactionReceipt({ hash });
    if (!receipt.contractAddress) throw new Error(`${name} was not deployed`);
    return { address: getAddress(receipt.contractAddress), block: Number(receipt.blockNumber) };
  };
  const token = await deploy("TestPlainToken", []);
  const payment = await deploy("StreamPayment", [token.address]);
  const file = path.join(paid.deploymentsDir, `${paid.chain.chainId}.json`);
  const json = JSON.parse(await readFile(file, "utf8")) as {
    streamPayments: { abiHash: Hex; contract: string }[];
  };
  const erc20 = json.streamPayments.find((entry) => entry.contract === "StreamPayment");
  if (!erc20) throw new Error("the deployment lists no ERC-20 StreamPayment");
  json.streamPayments.push({
    address: payment.address,
    deployBlock: payment.block,
    token: {
      address: token.address,
      deployBlock: token.block,
      symbol: "tPLAIN",
      decimals: 18,
      faucet: true,
    },
    contract: "StreamPayment",
    abiHash: erc20.abiHash,
  } as (typeof json.streamPayments)[number]);
  await writeFile(file, JSON.stringify(json, null, 2));
  return { streamPayment: payment.address, token: token.address };
}

/** Starts chain, contracts, three fake-guest provider daemons and the dapp; `log` gets the dapp's lines. */
export async function startPayStack(log: (line: string) => void): Promise<PayStack> {
  const building = buildIfStale(log);
  const undo: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const step of undo.reverse()) await step().catch((err) => log(`cleanup: ${err}`));
  };
  try {
    const paid = await startLocalPaidChain();
    undo.push(() => paid.stop());
    const glmLikeEntry = paid.deployment.streamPayments[1];
    const nativeEntry = paid.deployment.streamPayments.find(
      (entry) => entry.contract === "StreamPaymentNative",
    );
    if (glmLikeEntry?.contract !== "StreamPayment" || !nativeEntry) {
      throw new Error("the local deployment has no TestGolemNetworkToken or native StreamPayment");
    }
    const plain = await deployPlainTokenPayment(paid);
    const webUrl = `http://127.0.0.1:${await freePort()}`;
    const fakeDir = path.join(paid.dir, "fake-vms");
    undo.push(() => killFakeGuests(fakeDir));
    const daemon = async (name: PayProviderName, env: Record<string, string>) => {
      const dataDir = path.join(paid.dir, name);
      await mkdir(dataDir, { mode: 0o700 });
      const started = await startProviderDaemon({
        dataDir,
        payments: {
          rpcUrl: paid.chain.rpcUrl,
          chainId: paid.chain.chainId,
          deploymentsDir: paid.deploymentsDir,
          prices: payPrices,
          minRunwaySeconds: 600,
        },
        corsOrigins: [webUrl],
        env: { GOLEM_PROVIDER_TEST_ONLY_FAKE_DRIVER_DIR: fakeDir, ...env },
      });
      undo.push(() => started.stop());
      return started;
    };
    const daemons = {
      glmLike: await daemon("glmLike", {
        GOLEM_PROVIDER_PAYMENTS_STREAM_PAYMENT: glmLikeEntry.address,
      }),
      eth: await daemon("eth", { GOLEM_PROVIDER_PAYMENTS_PAY: "eth" }),
      plain: await daemon("plain", { GOLEM_PROVIDER_PAYMENTS_STREAM_PAYMENT: plain.streamPayment }),
    };
    const ms = await building;
    if (ms > 0) log(`next build took ${(ms / 1000).toFixed(1)} s`);
    const server = await serveDapp(Number(new URL(webUrl).port), {
      GOLEM_CHAIN_ID: String(paid.chain.chainId),
      GOLEM_RPC_URL: paid.chain.rpcUrl,
      GOLEM_DEPLOYMENTS_DIR: paid.deploymentsDir,
      GOLEM_EXPLORER_URL: "",
      GOLEM_BOOTSTRAP_API_URLS: Object.values(daemons)
        .map((d) => d.apiUrl)
        .join(","),
      GOLEM_BOOTSTRAP_PEERS: "",
      NEXT_PUBLIC_WALLETCONNECT_PROJECT_ID: "",
    });
    undo.push(() => server.stop());
    return {
      paid,
      daemons,
      contracts: {
        glmLike: {
          streamPayment: glmLikeEntry.address,
          token: glmLikeEntry.token.address,
          symbol: glmLikeEntry.token.symbol,
        },
        eth: {
          streamPayment: nativeEntry.address,
          token: nativeEntry.token.address,
          symbol: "ETH",
        },
        plain: { ...plain, symbol: "tPLAIN" },
      },
      server,
      stop,
    };
  } catch (err) {
    await building.catch(() => undefined);
    await stop();
    throw err;
  }
}
