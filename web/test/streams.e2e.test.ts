/**
 * The Streams page in headless Chromium against a real local chain: connect the test wallet
 * (it stands in for MetaMask) through RainbowKit, take test GLM from the faucet, see a stream
 * opened to the page's address, terminate it from the page, and check the chain.
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createStream, getStream, requestGlmFromFaucet } from "@vm-on-golem/sdk/contract";
import { depositForDuration } from "@vm-on-golem/sdk/stream";
import { network } from "hardhat";
import type { Browser } from "playwright-core";
import {
  createPublicClient,
  createTestClient,
  createWalletClient,
  defineChain,
  http,
  keccak256,
  parseEther,
  stringToHex,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deployContracts, writeDeployment } from "../../scripts/deploy.ts";
import { freePort } from "../../scripts/lib/free-port.ts";
import { type LocalChain, startLocalChain } from "../../scripts/lib/local-chain.ts";
import { artifactsDir, launchChromium, openPage, shot } from "./browser-page.ts";
import { buildIfStale, type DappSite, serveDapp } from "./static-dapp.ts";
import { installTestWallet, testWalletName } from "./test-wallet.ts";
import { recordTxPhases, txPhases } from "./tx-phases.ts";

let chain: LocalChain;
let server: DappSite;
let browser: Browser;
let deploymentsDir: string;
let deployment: Awaited<ReturnType<typeof deployContracts>>;
const serverLog: string[] = [];

beforeAll(async () => {
  await mkdir(artifactsDir, { recursive: true });
  const buildMs = buildIfStale((line) => serverLog.push(line));
  chain = await startLocalChain({ port: 0 });
  const connection = await network.create({
    network: "localhost",
    override: { url: chain.rpcUrl },
  });
  deployment = await deployContracts(connection);
  deploymentsDir = await mkdtemp(path.join(tmpdir(), "vmg-web-"));
  await writeDeployment(deployment, deploymentsDir);
  const ms = await buildMs;
  if (ms > 0) console.log(`next build took ${(ms / 1000).toFixed(1)} s`);
  server = await serveDapp(await freePort(), {
    GOLEM_CHAIN_ID: String(chain.chainId),
    GOLEM_RPC_URL: chain.rpcUrl,
    GOLEM_DEPLOYMENTS_DIR: deploymentsDir,
    GOLEM_EXPLORER_URL: "",
    NEXT_PUBLIC_WALLETCONNECT_PROJECT_ID: "",
  });
  browser = await launchChromium();
}, 900_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await chain?.stop();
  if (deploymentsDir) await rm(deploymentsDir, { recursive: true, force: true });
});

describe("web: gas for a new account", () => {
  it("gives an account with 0 ETH gas and test GLM from one Faucet click (dev chain)", async () => {
    const viemChain = defineChain({
      id: chain.chainId,
      name: "Local chain",
      nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
      rpcUrls: { default: { http: [chain.rpcUrl] } },
    });
    const publicClient = createPublicClient({ chain: viemChain, transport: http(chain.rpcUrl) });
    // A new MetaMask-like account: no ETH, no GLM.
    const account = privateKeyToAccount(generatePrivateKey());
    const { GLM } = deployment.contracts;
    const { page, problems } = await openPage(browser);
    await installTestWallet(page, { account, chain: viemChain, rpcUrl: chain.rpcUrl });
    await page.goto(`${server.url}/streams`);
    await page.getByRole("button", { name: "Connect Wallet" }).click();
    await page.getByRole("dialog").getByRole("button", { name: testWalletName }).click();
    await page.getByTestId("eth-balance").filter({ hasText: "0 ETH" }).waitFor();
    expect(await page.getByTestId("gas-help").textContent()).toContain(
      "Faucet button sends gas (1 ETH)",
    );
    await shot(page, "faucet-1-no-gas");
    await page.getByRole("button", { name: "Faucet" }).click();
    await page.locator("[data-testid=gas-faucet-status][data-status=confirmed]").waitFor();
    await page.locator("[data-testid=faucet-status][data-status=confirmed]").waitFor();
    expect(await page.getByTestId("gas-faucet-status").textContent()).toContain(
      "received 1 ETH for gas",
    );
    await expect.poll(() => page.getByTestId("gas-help").count()).toBe(0);
    await expect
      .poll(() => page.getByTestId("glm-balance").textContent())
      .not.toBe(`0 ${GLM.symbol}`);
    const eth = await publicClient.getBalance({ address: account.address });
    // 1 ETH from the dev faucet, less the gas of the GLM faucet transaction it paid.
    expect(eth).toBeLessThan(parseEther("1"));
    expect(eth).toBeGreaterThan(parseEther("0.99"));
    await shot(page, "faucet-2-gas-and-glm");
    await page.close();
    expect(problems).toEqual([]);

    // The page gave the gas itself (the chain's hardhat_setBalance): the static site served only
    // files (the faucet's bounds and refusals: fund-dev-gas.test.ts, against a real chain).
    expect(server.requests.length).toBeGreaterThan(0);
    expect(server.requests.every((line) => /^(GET|HEAD) /.test(line))).toBe(true);
  });
});

describe("web: Streams page", () => {
  it("renders read-only without a wallet", async () => {
    const { page, problems } = await openPage(browser);
    await page.goto(`${server.url}/streams`);
    await page.getByRole("heading", { name: "Streams" }).waitFor();
    await page.getByTestId("streams-empty").waitFor();
    await page.getByRole("button", { name: "Connect Wallet" }).waitFor();
    expect(await page.getByTestId("balances").textContent()).toContain("Connect a wallet");
    await shot(page, "no-wallet-streams");
    await page.close();
    expect(problems).toEqual([]);
  });

  it("connects the test wallet, uses the faucet, lists and terminates a stream", async () => {
    const viemChain = defineChain({
      id: chain.chainId,
      name: "Local chain",
      nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
      rpcUrls: { default: { http: [chain.rpcUrl] } },
    });
    const transport = http(chain.rpcUrl);
    const publicClient = createPublicClient({ chain: viemChain, transport });
    const testClient = createTestClient({ mode: "hardhat", chain: viemChain, transport });
    // A fresh key for the page's wallet and one for whoever opens the stream to it.
    const pageAccount = privateKeyToAccount(generatePrivateKey());
    const payer = createWalletClient({
      account: privateKeyToAccount(generatePrivateKey()),
      chain: viemChain,
      transport,
    });
    for (const address of [pageAccount.address, payer.account.address]) {
      await testClient.setBalance({ address, value: parseEther("10") });
    }
    const { StreamPayment, GLM } = deployment.contracts;

    const { page, problems } = await openPage(browser);
    await installTestWallet(page, { account: pageAccount, chain: viemChain, rpcUrl: chain.rpcUrl });
    await page.goto(`${server.url}/streams`);
    try {
      await page.getByRole("button", { name: "Connect Wallet" }).click();
    } catch (err) {
      await shot(page, "failed-connect");
      throw new Error(`${String(err)}\nproblems: ${problems.join("\n")}`);
    }
    const dialog = page.getByRole("dialog");
    await dialog.getByText("Installed").waitFor();
    await shot(page, "1-connect-modal");
    await dialog.getByRole("button", { name: testWalletName }).click();
    await page.getByTestId("eth-balance").filter({ hasText: "10 ETH" }).waitFor();
    await page.getByTestId("streams-empty").waitFor();
    await shot(page, "2-connected");

    // Faucet: the GLM balance goes from 0 to what the faucet minted; its toast goes from "confirm
    // in your wallet" to "pending on chain" to "confirmed", each phase shown on its own.
    await recordTxPhases(page);
    const glmBalance = page.getByTestId("glm-balance");
    await glmBalance.filter({ hasText: `0 ${GLM.symbol}` }).waitFor();
    await page.getByRole("button", { name: "Faucet" }).click();
    await page.getByTestId("faucet-status").and(page.locator("[data-status=confirmed]")).waitFor();
    await expect.poll(() => glmBalance.textContent()).not.toBe(`0 ${GLM.symbol}`);
    await page.locator("[data-sonner-toast][data-type=success]", { hasText: "faucet" }).waitFor();
    expect(await txPhases(page, `Test ${GLM.symbol} from the faucet`)).toEqual([
      "wallet",
      "chain",
      "confirmed",
    ]);
    await shot(page, "3-faucet");

    // A stream opened to the page's address shows up.
    await requestGlmFromFaucet(payer, { token: GLM.address });
    const ratePerSecond = parseEther("0.001");
    const { streamId } = await createStream(payer, {
      address: StreamPayment.address,
      recipient: pageAccount.address,
      deposit: depositForDuration(ratePerSecond, 3600n),
      ratePerSecond,
      serviceId: keccak256(stringToHex("web e2e offer")),
      token: GLM.address,
    });
    await testClient.increaseTime({ seconds: 60 });
    await testClient.mine({ blocks: 1 });
    const row = page.getByTestId(`stream-${streamId}`);
    await row.waitFor({ timeout: 30_000 });
    expect(await row.getAttribute("data-status")).toBe("active");
    expect(await row.getByTestId("status").textContent()).toBe("active");
    expect(await row.getByTestId("runway").textContent()).toMatch(/min|h/);
    await shot(page, "4-stream-listed");

    // Terminate from the page: a confirmation dialog, pending, then confirmed, and closed on chain.
    await row.getByRole("button", { name: "Terminate" }).click();
    const confirm = page.getByRole("alertdialog");
    await confirm.getByText(`Terminate stream #${streamId}?`).waitFor();
    await shot(page, "5-terminate-dialog");
    await confirm.getByRole("button", { name: "Terminate stream" }).click();
    await page
      .getByTestId(`terminate-status-${streamId}`)
      .and(page.locator("[data-status=confirmed]"))
      .waitFor();
    await page
      .locator(`[data-testid="stream-${streamId}"][data-status=terminated]`)
      .waitFor({ timeout: 30_000 });
    expect(await txPhases(page, `Terminate stream #${streamId}`)).toEqual([
      "wallet",
      "chain",
      "confirmed",
    ]);
    await shot(page, "6-terminated");
    const stored = await getStream(publicClient, { address: StreamPayment.address, streamId });
    expect(stored.closed).toBe(true);

    await page.close();
    expect(problems).toEqual([]);
  });
});
