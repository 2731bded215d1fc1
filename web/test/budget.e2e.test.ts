/**
 * A VM that lives on its top-up budget, from the browser (issue 18): a real local chain and
 * contracts, a real `golem-provider` daemon with payments on and a 1 s stream monitor, the dapp
 * as its static site, and headless Chromium with the injected test wallet. The VM itself is not
 * the subject: the daemon runs the TEST-ONLY fake process driver (guests are processes answering
 * SSH banners), so no QEMU boot. Through the UI: rent with a two-hour budget; then chain time is
 * moved (evm_increaseTime + mine) and the page, the provider API and the chain are checked:
 * the banner below one hour (and one browser notification per episode, observed through the
 * Notification constructor), the provider's top-ups from the budget past the first deposit with
 * the VM running, then the budget spent → the VM stopped, not destroyed.
 */
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { getStreamState, requestGlmFromFaucet } from "@vm-on-golem/sdk/contract";
import { createProviderClient } from "@vm-on-golem/sdk/provider-client";
import { toStreamId } from "@vm-on-golem/sdk/stream";
import type { Browser, Page } from "playwright-core";
import {
  createPublicClient,
  createTestClient,
  createWalletClient,
  defineChain,
  http,
  parseEther,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { killFakeGuests } from "../../provider-node/test/support/fake-process-driver.ts";
import { artifactsDir, launchChromium, openPage, shot } from "./browser-page.ts";
import { type RentStack, startRentStack } from "./rent-stack.ts";
import { installTestWallet, testWalletName } from "./test-wallet.ts";

let stack: RentStack;
let browser: Browser;
let fakeDir: string;
const serverLog: string[] = [];
const pageAccount = privateKeyToAccount(generatePrivateKey());

/** The monitor's settings: runway under 600 s stops a VM unless one pull of 1 h keeps it up. */
const stopBelowSeconds = 600;

beforeAll(async () => {
  await mkdir(artifactsDir, { recursive: true });
  fakeDir = await mkdtemp(path.join(tmpdir(), "vmgf-"));
  stack = await startRentStack((line) => serverLog.push(line), {
    GOLEM_PROVIDER_TEST_ONLY_FAKE_DRIVER_DIR: fakeDir,
    GOLEM_PROVIDER_PAYMENTS_MONITOR_INTERVAL_SECONDS: "1",
    GOLEM_PROVIDER_PAYMENTS_MONITOR_STOP_BELOW_SECONDS: String(stopBelowSeconds),
    GOLEM_PROVIDER_PAYMENTS_MONITOR_BUDGET_TOP_UP_HOURS: "1",
    GOLEM_PROVIDER_PAYMENTS_MIN_RUNWAY_SECONDS: "3600",
    GOLEM_PROVIDER_RESOURCES_MIN_MEMORY_GIB: "0.25",
    GOLEM_PROVIDER_RESOURCES_MIN_STORAGE_GIB: "1",
  });
  browser = await launchChromium();
}, 900_000);

afterAll(async () => {
  await browser?.close();
  if (stack) {
    const client = createProviderClient({ baseUrl: stack.daemon.apiUrl, signer: pageAccount });
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

/** Records every `new Notification(…)` the page makes (the real constructor still runs). */
async function recordNotifications(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: { title: string; body?: string; tag?: string }[] = [];
    Object.defineProperty(window, "__notifications", { value: seen });
    const Real = window.Notification;
    class Recorded extends Real {
      constructor(title: string, options?: NotificationOptions) {
        seen.push({ title, body: options?.body, tag: options?.tag });
        super(title, options);
      }
    }
    window.Notification = Recorded;
  });
}

const notifications = (page: Page) =>
  page.evaluate(
    () =>
      (window as unknown as { __notifications: { title: string; tag?: string }[] }).__notifications,
  );

describe("web: a VM kept running by its top-up budget", () => {
  it(
    "rents with a budget; the provider tops up past the deposit; the budget spent stops the VM; banner and notifications on time",
    async () => {
      const { chain, deployment, daemon, server } = stack;
      const { StreamPayment, GLM } = deployment.contracts;
      const viemChain = defineChain({
        id: chain.chainId,
        name: "Local chain",
        nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
        rpcUrls: { default: { http: [chain.rpcUrl] } },
      });
      const transport = http(chain.rpcUrl);
      const publicClient = createPublicClient({ chain: viemChain, transport });
      const testClient = createTestClient({ mode: "hardhat", chain: viemChain, transport });
      await testClient.setBalance({ address: pageAccount.address, value: parseEther("10") });
      const pageWallet = createWalletClient({ account: pageAccount, chain: viemChain, transport });
      await requestGlmFromFaucet(pageWallet, { token: GLM.address });
      // The provider pays the gas of each pull from a budget, with its payment key.
      await testClient.setBalance({ address: await daemon.address(), value: parseEther("1") });

      const { page, problems } = await openPage(browser, { permissions: ["notifications"] });
      await installTestWallet(page, {
        account: pageAccount,
        chain: viemChain,
        rpcUrl: chain.rpcUrl,
      });
      await recordNotifications(page);
      const explain = async (name: string, err: unknown) => {
        await shot(page, `failed-budget-${name}`);
        const alerts = await page
          .getByRole("alert")
          .allTextContents()
          .catch(() => []);
        return new Error(
          `${name}: ${String(err)}\nalerts: ${alerts.join(" | ")}\nproblems: ${problems.join("\n")}\nprovider log:\n${(await readFile(daemon.logFile, "utf8").catch(String)).split("\n").slice(-60).join("\n")}`,
        );
      };
      const waitFor = async (name: string, selector: string, timeout = 60_000) => {
        try {
          await page.locator(selector).first().waitFor({ timeout });
        } catch (err) {
          throw await explain(name, err);
        }
      };

      try {
        // Rent through the UI with the budget toggle on: 2 h paid, 2 h more in the budget.
        await page.goto(`${server.url}/rent?provider=${encodeURIComponent(daemon.apiUrl)}`);
        await page.getByRole("button", { name: "Connect Wallet" }).click();
        await page.getByRole("dialog").getByRole("button", { name: testWalletName }).click();
        await page.getByTestId("eth-balance").filter({ hasText: "ETH" }).waitFor();
        await page.getByTestId("provider-summary").waitFor();
        await page.getByLabel("CPU (cores)").fill("1");
        await page.getByLabel("Memory (GiB)").fill("1");
        await page.getByLabel("Disk (GiB)").fill("4");
        await page.getByLabel("Hours to pay for").fill("2");
        await page.getByRole("checkbox", { name: /Keep it running/ }).check();
        await page.getByLabel("Top-up budget (hours)").fill("2");
        await page.getByRole("button", { name: "Generate a key pair in this browser" }).click();
        await page.getByTestId("private-key-download").waitFor();
        await page.getByRole("button", { name: "Get offer" }).click();
        await waitFor("quote", "[data-testid=quote]");
        expect(await page.getByTestId("quote-budget").textContent()).toContain("2 h");
        await page.getByRole("button", { name: "Pay and create VM" }).click();
        await waitFor("ssh-access", "[data-testid=ssh-access]", 180_000);
        const vmId = String(await page.getByTestId("rented-vm").getAttribute("data-vm-id"));
        const owner = createProviderClient({ baseUrl: daemon.apiUrl, signer: pageAccount });
        const streamId = toStreamId((await owner.vmStream(vmId)).streamId);
        const state = () =>
          getStreamState(publicClient, { address: StreamPayment.address, streamId });
        const opened = await state();
        const rate = opened.stream.ratePerSecond;
        expect(opened.stream.topUpBudget).toBe(rate * 7200n);
        const firstDepletion = opened.depletionTime;

        // My VMs: running, no banner, no top-up yet; notifications turned on (permission granted).
        await page.getByRole("link", { name: "My VMs" }).first().click();
        const card = page.getByTestId(`vm-${vmId}`);
        await waitFor("running", `[data-testid="vm-${vmId}"][data-status=running]`);
        await card.getByTestId("last-budget-top-up").filter({ hasText: "none yet" }).waitFor();
        const toggle = page.getByRole("checkbox", { name: /Notify me in this browser/ });
        // click, not check(): the box turns on only once the permission request has answered.
        await toggle.click();
        await expect.poll(() => toggle.isChecked()).toBe(true);
        expect(await card.getByTestId("low-runway-banner").count()).toBe(0);

        /** Moves chain time so the stream has `seconds` of runway left (negative: past depletion). */
        const advanceToRunway = async (seconds: number) => {
          await testClient.mine({ blocks: 1 });
          const now = await state();
          const by = Number(now.depletionTime - now.at) - seconds;
          expect(by).toBeGreaterThan(0);
          await testClient.increaseTime({ seconds: by });
          await testClient.mine({ blocks: 1 });
        };
        const providerStatus = async () => (await owner.getVm(vmId)).status;

        // 1 h 2 min left: no banner yet (the card re-reads the stream every 5 s).
        await advanceToRunway(3720);
        await card
          .getByTestId("runway")
          .filter({ hasText: /^1 h [12] min/ })
          .waitFor({ timeout: 15_000 });
        await page.waitForTimeout(6_000);
        expect(await card.getByTestId("low-runway-banner").count()).toBe(0);
        expect(await notifications(page)).toEqual([]);

        // 58 min left: the banner, and one notification however often the page polls.
        await advanceToRunway(3480);
        await waitFor(
          "banner",
          `[data-testid="vm-${vmId}"] [data-testid=low-runway-banner]`,
          15_000,
        );
        expect(await card.getByTestId("low-runway-banner").textContent()).toContain(
          "top the stream up from its budget",
        );
        await shot(page, "budget-1-low-runway-banner");
        await expect.poll(() => notifications(page), { timeout: 10_000 }).toHaveLength(1);
        await page.waitForTimeout(11_000);
        const [first] = await notifications(page);
        expect(await notifications(page)).toHaveLength(1);
        expect(first?.title).toContain("less than an hour of runway");
        expect(first?.tag).toBe(`${daemon.apiUrl}|${vmId}`);
        // Above the stop threshold the provider pulls nothing.
        expect((await owner.vmStream(vmId)).lastBudgetTopUp).toBeNull();

        // Below the stop threshold: the monitor pulls 1 h from the budget instead of stopping.
        await advanceToRunway(stopBelowSeconds - 100);
        await expect
          .poll(async () => (await owner.vmStream(vmId)).lastBudgetTopUp, { timeout: 30_000 })
          .not.toBeNull();
        const pulled = await state();
        expect(pulled.stream.topUpBudget).toBe(rate * 3600n);
        expect(pulled.runwaySeconds).toBeGreaterThan(3600n);
        expect(await providerStatus()).toBe("running");
        const firstPull = (await owner.vmStream(vmId)).lastBudgetTopUp;
        expect(firstPull?.amount).toBe((rate * 3600n).toString());
        await card
          .getByTestId("last-budget-top-up")
          .and(page.locator(`[data-tx-hash="${firstPull?.txHash}"]`))
          .waitFor({ timeout: 15_000 });
        // Runway above an hour again: the banner goes, and the episode ends.
        await card.getByTestId("low-runway-banner").waitFor({ state: "detached", timeout: 15_000 });
        await shot(page, "budget-2-topped-up-from-budget");

        // Past the first deposit's end (2 h after the stream opened): still running, on its budget.
        await advanceToRunway(3000);
        expect((await state()).at).toBeGreaterThan(firstDepletion);
        expect(await providerStatus()).toBe("running");
        expect(await card.getAttribute("data-status")).toBe("running");
        // A new episode below one hour: a second notification.
        await waitFor(
          "banner-2",
          `[data-testid="vm-${vmId}"] [data-testid=low-runway-banner]`,
          15_000,
        );
        await expect.poll(() => notifications(page), { timeout: 10_000 }).toHaveLength(2);

        // The second pull spends the rest of the budget.
        await advanceToRunway(stopBelowSeconds - 100);
        await expect
          .poll(async () => (await state()).stream.topUpBudget, { timeout: 30_000 })
          .toBe(0n);
        const secondPull = (await owner.vmStream(vmId)).lastBudgetTopUp;
        expect(secondPull?.txHash).not.toBe(firstPull?.txHash);
        await card
          .getByTestId("last-budget-top-up")
          .and(page.locator(`[data-tx-hash="${secondPull?.txHash}"]`))
          .waitFor({ timeout: 15_000 });
        await card.getByTestId("top-up-budget").filter({ hasText: "none" }).waitFor();
        expect(await providerStatus()).toBe("running");

        // Budget spent, runway below the threshold: stopped, not destroyed.
        await advanceToRunway(stopBelowSeconds - 300);
        await expect.poll(providerStatus, { timeout: 60_000, interval: 1_000 }).toBe("stopped");
        await waitFor("stopped", `[data-testid="vm-${vmId}"][data-status=stopped]`, 30_000);
        expect((await owner.listVms()).map((vm) => [vm.id, vm.status])).toEqual([
          [vmId, "stopped"],
        ]);
        expect((await state()).stream.closed).toBe(false);
        const banner = card.getByTestId("low-runway-banner");
        await banner.waitFor({ timeout: 15_000 });
        expect(await banner.textContent()).toContain("stops this VM when it runs out");
        await expect.poll(() => notifications(page), { timeout: 10_000 }).toHaveLength(3);
        await shot(page, "budget-3-budget-spent-stopped");
      } catch (err) {
        throw await explain("budget", err);
      }
      await page.close();
      expect(problems).toEqual([]);
    },
    15 * 60_000,
  );
});
