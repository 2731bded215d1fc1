/**
 * My VMs from the providers and the provider dashboard (issue 18, items 5 and 6): a real local
 * chain and contracts, a real `golem-provider` daemon with payments on (its payment key given
 * here, so the dashboard can connect as the provider), the dapp under `next start`, headless
 * Chromium with the injected test wallet. The VM itself is not the subject: the daemon runs the
 * TEST-ONLY fake process driver (guests are processes answering SSH banners), so no QEMU boot.
 *
 * - A VM rented through the UI in one browser profile shows, running, on My VMs in a fresh
 *   profile that never saw it (no local record): found from the chain's streams, the provider's
 *   signed advert and its `GET /vms` after SIWE. A stream to an address with no advert and a
 *   local record naming a provider API that does not answer each show as such, and the page
 *   still lists the VM.
 * - The dashboard, connected as the provider: its advert (prices), the chart, both streams
 *   paying it; Withdraw all moves the withdrawable of both to the provider on chain.
 * - Both pages at 390×844 and 1440×900: no sideways scrolling; screenshots in web/test-results.
 */
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createStream, requestGlmFromFaucet, streamPaymentAbi } from "@vm-on-golem/sdk/contract";
import { createProviderClient } from "@vm-on-golem/sdk/provider-client";
import { depositForDuration } from "@vm-on-golem/sdk/stream";
import type { Browser, Page } from "playwright-core";
import {
  createPublicClient,
  createTestClient,
  createWalletClient,
  defineChain,
  erc20Abi,
  http,
  keccak256,
  parseEther,
  stringToHex,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { killFakeGuests } from "../../provider-node/test/support/fake-process-driver.ts";
import { freePort } from "../../scripts/lib/free-port.ts";
import { artifactsDir, launchChromium, openPage, shot } from "./browser-page.ts";
import { type RentStack, startRentStack } from "./rent-stack.ts";
import { installTestWallet, testWalletName } from "./test-wallet.ts";

let stack: RentStack;
let browser: Browser;
let fakeDir: string;
const serverLog: string[] = [];
const renter = privateKeyToAccount(generatePrivateKey());
const providerKey = generatePrivateKey();
const providerAccount = privateKeyToAccount(providerKey);
/** The VM rented in the first profile, and the streams the tests open besides. */
let vmId = "";
let vmStreamId = "";

const viewports = [
  { width: 390, height: 844 },
  { width: 1440, height: 900 },
] as const;

beforeAll(async () => {
  await mkdir(artifactsDir, { recursive: true });
  fakeDir = await mkdtemp(path.join(tmpdir(), "vmgf-"));
  stack = await startRentStack((line) => serverLog.push(line), {
    GOLEM_PROVIDER_TEST_ONLY_FAKE_DRIVER_DIR: fakeDir,
    GOLEM_PROVIDER_PRIVATE_KEY: providerKey,
    GOLEM_PROVIDER_RESOURCES_MIN_MEMORY_GIB: "0.25",
    GOLEM_PROVIDER_RESOURCES_MIN_STORAGE_GIB: "1",
  });
  browser = await launchChromium();
}, 900_000);

afterAll(async () => {
  await browser?.close();
  if (stack) {
    const client = createProviderClient({ baseUrl: stack.daemon.apiUrl, signer: renter });
    for (const vm of await client.listVms().catch(() => [])) {
      await client.destroyVm(vm.id).catch(() => undefined);
    }
    await stack.stop();
  }
  if (fakeDir) {
    await killFakeGuests(fakeDir).catch(() => undefined);
    await rm(fakeDir, { recursive: true, force: true });
  }
}, 300_000);

function clients() {
  const { chain } = stack;
  const viemChain = defineChain({
    id: chain.chainId,
    name: "Local chain",
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [chain.rpcUrl] } },
  });
  const transport = http(chain.rpcUrl);
  return {
    viemChain,
    publicClient: createPublicClient({ chain: viemChain, transport }),
    testClient: createTestClient({ mode: "hardhat", chain: viemChain, transport }),
    walletOf: (account: typeof renter) =>
      createWalletClient({ account, chain: viemChain, transport }),
  };
}

/** Opens a fresh browser profile with the test wallet of `account` connected. */
async function connectedPage(account: typeof renter, viewport?: { width: number; height: number }) {
  const { viemChain } = clients();
  const opened = await openPage(browser, viewport ? { viewport } : {});
  await installTestWallet(opened.page, { account, chain: viemChain, rpcUrl: stack.chain.rpcUrl });
  return opened;
}

async function connect(page: Page) {
  await page.getByRole("button", { name: "Connect Wallet" }).click();
  await page.getByRole("dialog").getByRole("button", { name: testWalletName }).click();
  await page.getByTestId("eth-balance").filter({ hasText: "ETH" }).waitFor();
}

/** How far the page reaches sideways. */
const measure = (page: Page) =>
  page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));

async function failWith(page: Page, name: string, problems: string[], err: unknown) {
  await shot(page, `failed-${name}`).catch(() => undefined);
  const alerts = await page
    .getByRole("alert")
    .allTextContents()
    .catch(() => []);
  const providerLog = (await readFile(stack.daemon.logFile, "utf8").catch(String))
    .split("\n")
    .slice(-40)
    .join("\n");
  return new Error(
    `${name}: ${String(err)}\nalerts: ${alerts.join(" | ")}\nproblems: ${problems.join("\n")}\nprovider log:\n${providerLog}\nserver log:\n${serverLog.slice(-20).join("\n")}`,
  );
}

describe("web: My VMs from the providers, and the provider dashboard", () => {
  it(
    "a fresh browser profile lists the VM another profile rented; providers without an advert or not answering show as such",
    async () => {
      const { deployment, daemon, server } = stack;
      const { GLM, StreamPayment } = deployment.contracts;
      const { testClient, walletOf } = clients();
      await testClient.setBalance({ address: renter.address, value: parseEther("10") });
      await requestGlmFromFaucet(walletOf(renter), { token: GLM.address });

      // Profile A rents through the UI.
      const a = await connectedPage(renter);
      try {
        await a.page.goto(`${server.url}/rent?provider=${encodeURIComponent(daemon.apiUrl)}`);
        await connect(a.page);
        await a.page.getByTestId("provider-summary").waitFor();
        await a.page.getByLabel("CPU (cores)").fill("1");
        await a.page.getByLabel("Memory (GiB)").fill("1");
        await a.page.getByLabel("Disk (GiB)").fill("4");
        await a.page.getByLabel("Hours to pay for").fill("2");
        await a.page.getByRole("button", { name: "Generate a key pair in this browser" }).click();
        await a.page.getByTestId("private-key-download").waitFor();
        await a.page.getByRole("button", { name: "Get offer" }).click();
        await a.page.getByTestId("quote").waitFor({ timeout: 60_000 });
        await a.page.getByRole("button", { name: "Pay and create VM" }).click();
        await a.page.getByTestId("ssh-access").waitFor({ timeout: 180_000 });
        vmId = String(await a.page.getByTestId("rented-vm").getAttribute("data-vm-id"));
      } catch (err) {
        throw await failWith(a.page, "my-vms-rent", a.problems, err);
      }
      await a.page.close();
      expect(a.problems).toEqual([]);
      const owner = createProviderClient({ baseUrl: daemon.apiUrl, signer: renter });
      vmStreamId = (await owner.vmStream(vmId)).streamId;

      // Two more open streams of the renter: to an address no advert names, and to one whose
      // API (named only by a local record in profile B) does not answer.
      const ratePerSecond = 10n ** 12n;
      const openTo = async (recipient: `0x${string}`, label: string) =>
        (
          await createStream(walletOf(renter), {
            address: StreamPayment.address,
            recipient,
            deposit: depositForDuration(ratePerSecond, 3600n),
            ratePerSecond,
            serviceId: keccak256(stringToHex(label)),
            token: GLM.address,
          })
        ).streamId;
      const noAdvert = privateKeyToAccount(generatePrivateKey()).address;
      const silent = privateKeyToAccount(generatePrivateKey()).address;
      await openTo(noAdvert, "no advert");
      const silentStream = await openTo(silent, "silent provider");
      const deadUrl = `http://127.0.0.1:${await freePort()}`;

      // Profile B: fresh, holding only the silent provider's record.
      const b = await connectedPage(renter);
      const record = {
        apiUrl: deadUrl,
        vmId: "vm-elsewhere",
        name: "elsewhere",
        streamId: silentStream.toString(),
        streamPayment: StreamPayment.address,
        owner: renter.address,
        createdAt: new Date().toISOString(),
      };
      await b.page.addInitScript(
        (value) => {
          localStorage.setItem("vm-on-golem:rented-vms:v1", value);
        },
        JSON.stringify([record]),
      );
      try {
        await b.page.goto(`${server.url}/vms`);
        await connect(b.page);
        await b.page
          .locator(`[data-testid="vm-${vmId}"][data-status=running]`)
          .waitFor({ timeout: 60_000 });
        const lookup = (provider: string) =>
          b.page.locator(`[data-testid=provider-lookup][data-provider="${provider}"]`);
        await lookup(providerAccount.address).and(b.page.locator("[data-state=listed]")).waitFor();
        await lookup(noAdvert).and(b.page.locator("[data-state=unknown]")).waitFor();
        await lookup(silent)
          .and(b.page.locator("[data-state=unreachable]"))
          .waitFor({ timeout: 45_000 });
        expect(await lookup(silent).textContent()).toContain("provider not reachable");
        expect(await lookup(silent).textContent()).toContain(`#${silentStream}`);
        expect(await lookup(providerAccount.address).textContent()).toContain("1 VM(s)");
        const card = b.page.getByTestId(`vm-${vmId}`);
        expect(await card.textContent()).toContain(`#${vmStreamId}`);
        // The record of the silent provider still shows, with its provider's failure.
        await b.page.getByTestId("vm-vm-elsewhere").waitFor();
        for (const viewport of viewports) {
          await b.page.setViewportSize(viewport);
          await b.page.waitForTimeout(300);
          await shot(b.page, `my-vms-second-profile-${viewport.width}`);
          const size = await measure(b.page);
          expect(size.scrollWidth, `My VMs at ${viewport.width}px`).toBeLessThanOrEqual(
            size.innerWidth,
          );
        }
      } catch (err) {
        throw await failWith(b.page, "my-vms-second-profile", b.problems, err);
      }
      await b.page.close();
      // The silent provider's refused connections are the one expected failure.
      expect(b.problems.filter((problem) => !problem.includes("ERR_CONNECTION_REFUSED"))).toEqual(
        [],
      );
    },
    10 * 60_000,
  );

  it(
    "the dashboard shows the provider's advert, chart and streams; Withdraw all moves the tokens on chain",
    async () => {
      expect(vmStreamId, "the first test rented a VM").not.toBe("");
      const { deployment, server } = stack;
      const { GLM, StreamPayment } = deployment.contracts;
      const { publicClient, testClient, walletOf } = clients();
      // A second stream paying the provider, from another requestor.
      const payer = privateKeyToAccount(generatePrivateKey());
      for (const address of [payer.address, providerAccount.address]) {
        await testClient.setBalance({ address, value: parseEther("10") });
      }
      await requestGlmFromFaucet(walletOf(payer), { token: GLM.address });
      const ratePerSecond = parseEther("0.0001");
      const { streamId: otherStream } = await createStream(walletOf(payer), {
        address: StreamPayment.address,
        recipient: providerAccount.address,
        deposit: depositForDuration(ratePerSecond, 7200n),
        ratePerSecond,
        serviceId: keccak256(stringToHex("dashboard test")),
        token: GLM.address,
      });
      // An hour of chain time: both streams have accrued.
      await testClient.increaseTime({ seconds: 3600 });
      await testClient.mine({ blocks: 1 });

      const { page, problems } = await connectedPage(providerAccount);
      try {
        await page.goto(`${server.url}/provider`);
        await connect(page);
        await page.getByTestId("earnings").waitFor({ timeout: 30_000 });
        await page.getByTestId(`earning-${vmStreamId}`).waitFor();
        await page.getByTestId(`earning-${otherStream}`).waitFor();
        await page.locator("[data-testid=provider-advert][data-found=true]").waitFor({
          timeout: 60_000,
        });
        expect(await page.getByTestId("advert-prices").textContent()).toContain(
          `0.01 ${GLM.symbol}/h per core`,
        );
        await page
          .getByTestId("provider-advert")
          .locator("[data-reachable=true]")
          .waitFor({ timeout: 30_000 });
        const chart = page.getByTestId("earnings-chart");
        await chart.locator("svg").first().waitFor();
        expect(BigInt(String(await chart.getAttribute("data-last-earned")))).toBeGreaterThan(0n);
        for (const viewport of viewports) {
          await page.setViewportSize(viewport);
          await page.waitForTimeout(300);
          await shot(page, `provider-dashboard-${viewport.width}`);
          const size = await measure(page);
          expect(size.scrollWidth, `dashboard at ${viewport.width}px`).toBeLessThanOrEqual(
            size.innerWidth,
          );
        }

        const balance = () =>
          publicClient.readContract({
            address: GLM.address,
            abi: erc20Abi,
            functionName: "balanceOf",
            args: [providerAccount.address],
          });
        const before = await balance();
        const fromBlock = await publicClient.getBlockNumber();
        await page.getByRole("button", { name: "Withdraw all" }).click();
        await page
          .locator("[data-testid=withdraw-all-status][data-status=confirmed]")
          .waitFor({ timeout: 60_000 });
        const after = await balance();
        const logs = await publicClient.getContractEvents({
          address: StreamPayment.address,
          abi: streamPaymentAbi,
          eventName: "StreamWithdrawn",
          fromBlock: fromBlock + 1n,
        });
        const withdrawn = logs.map((log) => log.args.streamId?.toString()).sort();
        expect(withdrawn).toEqual([vmStreamId, otherStream.toString()].sort());
        const sum = logs.reduce((total, log) => total + (log.args.amount ?? 0n), 0n);
        // An hour of both streams, at least: the tokens reached the provider's address.
        expect(sum).toBeGreaterThanOrEqual(ratePerSecond * 3600n);
        expect(after - before).toBe(sum);
        await shot(page, "provider-dashboard-withdrawn");
      } catch (err) {
        throw await failWith(page, "provider-dashboard", problems, err);
      }
      await page.close();
      expect(problems).toEqual([]);
    },
    5 * 60_000,
  );
});
