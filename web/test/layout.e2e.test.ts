/**
 * Every page of the dapp in headless Chromium at a phone's width (390×844) and a desktop's
 * (1440×900), without a wallet and with the test wallet connected (a stream opened to it, so
 * the Streams and Provider tables have a row and the provider dashboard a chart): the page never scrolls sideways
 * (`scrollWidth ≤ innerWidth`), Connect stays on screen, and no console error, failed request
 * or outside request happens. Screenshots land in `web/test-results/layout-*.png`.
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createStream, requestGlmFromFaucet } from "@vm-on-golem/sdk/contract";
import { depositForDuration } from "@vm-on-golem/sdk/stream";
import { network } from "hardhat";
import type { Browser, Page } from "playwright-core";
import {
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

/**
 * Each page and what shows once it has loaded, without a wallet and with one (the server renders
 * the no-wallet state first, so the wallet's must differ from it).
 */
const pages = [
  { name: "home", path: "/", ready: "h1", readyWithWallet: "h1" },
  {
    name: "providers",
    path: "/providers",
    ready: "[data-testid=providers-empty]",
    readyWithWallet: "[data-testid=providers-empty]",
  },
  {
    name: "vms",
    path: "/vms",
    ready: "[data-testid=vms-empty]",
    readyWithWallet: "[data-testid=vms-empty]:has-text('No VMs yet')",
  },
  {
    name: "streams",
    path: "/streams",
    ready: "[data-testid=streams-empty]",
    readyWithWallet: "[data-testid=streams-table]",
  },
  {
    name: "provider",
    path: "/provider",
    ready: "[data-testid=earnings-empty]",
    // The dashboard: the advert card settled (none on this stack) and the earnings chart drawn.
    readyWithWallet: "[data-testid=earnings] [data-testid=earnings-chart] svg",
  },
  {
    name: "rent",
    path: "/rent",
    ready: "[data-testid=rent-no-provider]",
    readyWithWallet: "[data-testid=rent-no-provider]",
  },
] as const;

const viewports = [
  { width: 390, height: 844 },
  { width: 1440, height: 900 },
] as const;

let chain: LocalChain;
let server: DappSite;
let browser: Browser;
let deploymentsDir: string;
let viemChain: ReturnType<typeof defineChain>;
const pageAccount = privateKeyToAccount(generatePrivateKey());

beforeAll(async () => {
  await mkdir(artifactsDir, { recursive: true });
  const serverLog: string[] = [];
  const building = buildIfStale((line) => serverLog.push(line));
  chain = await startLocalChain({ port: 0 });
  const connection = await network.create({
    network: "localhost",
    override: { url: chain.rpcUrl },
  });
  const deployment = await deployContracts(connection);
  deploymentsDir = await mkdtemp(path.join(tmpdir(), "vmg-layout-"));
  await writeDeployment(deployment, deploymentsDir);
  viemChain = defineChain({
    id: chain.chainId,
    name: "Local chain",
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [chain.rpcUrl] } },
  });
  // A stream from another account to the page's: the tables have a row to lay out.
  const transport = http(chain.rpcUrl);
  const testClient = createTestClient({ mode: "hardhat", chain: viemChain, transport });
  const payer = createWalletClient({
    account: privateKeyToAccount(generatePrivateKey()),
    chain: viemChain,
    transport,
  });
  for (const address of [pageAccount.address, payer.account.address]) {
    await testClient.setBalance({ address, value: parseEther("10") });
  }
  const { GLM, StreamPayment } = deployment.contracts;
  await requestGlmFromFaucet(payer, { token: GLM.address });
  const ratePerSecond = parseEther("0.001");
  await createStream(payer, {
    address: StreamPayment.address,
    recipient: pageAccount.address,
    deposit: depositForDuration(ratePerSecond, 3600n),
    ratePerSecond,
    serviceId: keccak256(stringToHex("web layout test")),
    token: GLM.address,
  });
  await building;
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

/** How far the page reaches sideways, and where the Connect control ends. */
async function measure(page: Page) {
  return page.evaluate(() => {
    const connect = document.querySelector("header [data-rk] button, header button");
    return {
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
      connectRight: connect ? connect.getBoundingClientRect().right : Number.NaN,
    };
  });
}

describe("web: every page's layout at 390 px and 1440 px", () => {
  for (const viewport of viewports) {
    for (const wallet of [false, true]) {
      const label = `${viewport.width}px, ${wallet ? "with" : "without"} a wallet`;
      it(`${label}: no sideways scrolling, Connect on screen, no console error`, async () => {
        const { page, problems } = await openPage(browser, { viewport });
        if (wallet) {
          await installTestWallet(page, {
            account: pageAccount,
            chain: viemChain,
            rpcUrl: chain.rpcUrl,
          });
          await page.goto(server.url);
          await page.getByRole("button", { name: "Connect Wallet" }).click();
          await page.getByRole("dialog").getByRole("button", { name: testWalletName }).click();
          await page.getByTestId("eth-balance").filter({ hasText: "10 ETH" }).waitFor();
        }
        const results = [];
        for (const entry of pages) {
          await page.goto(`${server.url}${entry.path}`);
          await page
            .locator(wallet ? entry.readyWithWallet : entry.ready)
            .first()
            .waitFor({ timeout: 30_000 });
          if (wallet) {
            // Still connected after the navigation (wagmi reconnects the injected wallet).
            await page.getByTestId("eth-balance").filter({ hasText: "ETH" }).waitFor();
            await page.getByTestId("eth-balance").filter({ hasNotText: "…" }).waitFor();
          } else {
            await page.getByRole("button", { name: "Connect Wallet" }).waitFor();
          }
          const name = `layout-${viewport.width}-${wallet ? "wallet" : "no-wallet"}-${entry.name}`;
          await shot(page, name);
          results.push({ page: entry.name, ...(await measure(page)) });
        }
        await page.close();
        for (const result of results) {
          expect(result.scrollWidth, `${result.page} scrolls sideways`).toBeLessThanOrEqual(
            result.innerWidth,
          );
          expect(result.connectRight, `${result.page}: Connect off screen`).toBeLessThanOrEqual(
            result.innerWidth,
          );
        }
        expect(problems).toEqual([]);
      }, 300_000);
    }
  }

  it("follows the system's dark mode", async () => {
    const { page, problems } = await openPage(browser, {
      viewport: viewports[0],
      colorScheme: "dark",
    });
    await page.goto(`${server.url}/streams`);
    await page.getByTestId("streams-empty").waitFor();
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await shot(page, "layout-390-dark-streams");
    await page.close();
    // A dark background: low lightness (oklch's first number, or the rgb channels out of 255).
    const numbers = background.match(/[\d.]+/g)?.map(Number) ?? [];
    const lightness = background.startsWith("oklch")
      ? (numbers[0] ?? 1)
      : Math.max(...numbers.slice(0, 3)) / 255;
    expect(lightness, background).toBeLessThan(0.3);
    expect(problems).toEqual([]);
  }, 120_000);
});
