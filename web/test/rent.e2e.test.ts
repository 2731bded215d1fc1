/**
 * Rent a VM from the browser: a real local chain and contracts, a real `golem-provider` daemon
 * with payments on and the real QEMU driver, the dapp as its static site, and headless Debian
 * Chromium with the injected "Golem Test Wallet" (an EIP-1193 wallet answered by a local test
 * key: the standard way to drive a dapp in CI without the MetaMask extension). Through the UI:
 * add the provider by URL, rent (SIWE, offer, permit + createStream, create), wait for the SSH
 * command; then real OpenSSH runs `nproc` in the VM; then top up, stop, start, the provider's
 * withdraw, and destroy (which terminates the stream first) through the UI, checking the chain
 * and the provider each time.
 * One TCG boot takes minutes: run it alone (`flock` on the machine's QEMU lock while developing).
 */
import { mkdir, readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { getGlmBalance, getStream, requestGlmFromFaucet } from "@vm-on-golem/sdk/contract";
import { createProviderClient } from "@vm-on-golem/sdk/provider-client";
import { toStreamId } from "@vm-on-golem/sdk/stream";
import type { Browser, Page } from "playwright-core";
import {
  createPublicClient,
  createTestClient,
  createWalletClient,
  defineChain,
  type Hex,
  http,
  isAddressEqual,
  parseEther,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateSshKey, runSsh, waitForSshLogin } from "../../scripts/lib/ssh-key.ts";
import { artifactsDir, launchChromium, openPage, shot } from "./browser-page.ts";
import { type RentStack, startRentStack } from "./rent-stack.ts";
import { installTestWallet, testWalletName } from "./test-wallet.ts";
import { recordTxPhases, txPhases } from "./tx-phases.ts";

let stack: RentStack;
let browser: Browser;
const serverLog: string[] = [];
const pageAccount = privateKeyToAccount(generatePrivateKey());

beforeAll(async () => {
  await mkdir(artifactsDir, { recursive: true });
  stack = await startRentStack((line) => serverLog.push(line));
  browser = await launchChromium();
}, 900_000);

afterAll(async () => {
  await browser?.close();
  if (stack) {
    // Whatever the test left, the page's account destroys before the daemon stops.
    const client = createProviderClient({ baseUrl: stack.daemon.apiUrl, signer: pageAccount });
    for (const vm of await client.listVms().catch(() => [])) {
      await client.destroyVm(vm.id).catch(() => undefined);
    }
    await stack.stop();
  }
}, 300_000);

/** Waits for `selector` to match, with the server log and page problems in the failure. */
async function waitOrExplain(
  page: Page,
  name: string,
  selector: string,
  problems: string[],
  timeout = 60_000,
) {
  try {
    await page.locator(selector).first().waitFor({ timeout });
  } catch (err) {
    await shot(page, `failed-${name}`);
    const alerts = await page
      .getByRole("alert")
      .allTextContents()
      .catch(() => []);
    throw new Error(
      `${name}: ${String(err)}\nalerts: ${alerts.join(" | ")}\nproblems: ${problems.join("\n")}\n${await providerEvidence()}`,
    );
  }
}

/** The tail of the provider's log and of each VM's serial console, for a failure message. */
async function providerEvidence(): Promise<string> {
  const tail = async (file: string) =>
    (await readFile(file, "utf8").catch((err: unknown) => `(unreadable: ${err})`))
      .split("\n")
      .slice(-40)
      .join("\n");
  const vmsDir = path.join(stack.daemon.dataDir, "vms");
  const vms = await readdir(vmsDir).catch(() => [] as string[]);
  const consoles = await Promise.all(
    vms.map(
      async (id) => `--- console of ${id}:\n${await tail(path.join(vmsDir, id, "console.log"))}`,
    ),
  );
  return [`--- provider log:\n${await tail(stack.daemon.logFile)}`, ...consoles].join("\n");
}

describe("web: rent flow", () => {
  it("renders the providers, rent, My VMs and provider pages read-only without a wallet", async () => {
    const { page, problems } = await openPage(browser);
    await page.goto(`${stack.server.url}/providers`);
    await page.getByRole("heading", { name: "Providers" }).waitFor();
    await page.getByRole("button", { name: "Connect Wallet" }).waitFor();
    // The provider's advert, twice verified in the page: from its /api/v1/adverts and from the
    // page's own libp2p node (WebSockets to the daemon's gossip node).
    const row = page.locator(`[data-testid=provider-row][data-api-url="${stack.daemon.apiUrl}"]`);
    await row.getByTestId("freshness").filter({ hasText: "verified" }).waitFor();
    await row.locator("[data-reachable=true]").waitFor();
    await waitOrExplain(page, "gossip", "[data-testid=gossip-status][data-adverts='1']", problems);
    expect(
      Number(await page.getByTestId("gossip-status").getAttribute("data-peers")),
    ).toBeGreaterThan(0);
    await shot(page, "rent-0-providers-no-wallet");
    await page.goto(`${stack.server.url}/rent?provider=${encodeURIComponent(stack.daemon.apiUrl)}`);
    await page.getByTestId("provider-summary").waitFor();
    expect(await page.getByRole("button", { name: "Get offer" }).isDisabled()).toBe(true);
    await page.goto(`${stack.server.url}/vms`);
    await page.getByTestId("vms-empty").waitFor();
    await page.goto(`${stack.server.url}/provider`);
    await page.getByTestId("earnings-empty").waitFor();
    await page.close();
    expect(problems).toEqual([]);
  });

  it(
    "rents a VM through the UI, logs in with OpenSSH, tops up, stops, starts and destroys it",
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
      const info = await createProviderClient({ baseUrl: daemon.apiUrl }).providerInfo();
      expect(info.paymentsEnabled).toBe(true);
      const key = await generateSshKey(stack.workDir, "web-e2e");

      const { page, problems } = await openPage(browser);
      await installTestWallet(page, {
        account: pageAccount,
        chain: viemChain,
        rpcUrl: chain.rpcUrl,
      });

      // Providers: connect, add the provider by its API URL, see it reachable with its price.
      await page.goto(`${server.url}/providers`);
      await page.getByRole("button", { name: "Connect Wallet" }).click();
      await page.getByRole("dialog").getByRole("button", { name: testWalletName }).click();
      await page.getByTestId("eth-balance").filter({ hasText: "ETH" }).waitFor();
      // From here on the page is never reloaded (links only): every toast's phases are recorded.
      await recordTxPhases(page);
      // Added by URL too (the flow for a provider no bootstrap node knows): one row, reachable.
      await page.getByLabel("Provider API URL").fill(`${daemon.apiUrl}/`);
      await page.getByRole("button", { name: "Add provider" }).click();
      const row = page.locator(`[data-testid=provider-row][data-api-url="${daemon.apiUrl}"]`);
      await waitOrExplain(
        page,
        "provider-row",
        `[data-testid=provider-row][data-api-url="${daemon.apiUrl}"] [data-reachable=true]`,
        problems,
      );
      expect(await row.getByTestId("price").textContent()).toContain(`0.01 ${GLM.symbol}/h`);
      await page.getByLabel("CPU (cores)").fill("2");
      await page.getByLabel("Memory (GiB)").fill("1");
      await page.getByLabel("Disk (GiB)").fill("4");
      // 2 × 0.01 + 1 × 0.001 + 4 × 0.0001 = 0.0214 per hour
      await row
        .getByTestId("price")
        .filter({ hasText: `0.0214 ${GLM.symbol}/h` })
        .waitFor();
      // Paying with GLM names the token in the max price (with "any" it is each provider's coin).
      await page.getByLabel("Pay with").selectOption("glm");
      await page.getByLabel(`Max price (${GLM.symbol}/h)`).fill("0.02");
      await page.getByTestId("providers-empty").waitFor();
      await page.getByLabel(`Max price (${GLM.symbol}/h)`).fill("0.03");
      await row.waitFor();
      await shot(page, "rent-1-providers");

      // Rent: size, hours, the test's public key; one SIWE signature, the quote, then pay.
      await row.getByRole("link", { name: "Rent" }).click();
      await page.getByTestId("provider-summary").waitFor();
      await page.getByLabel("CPU (cores)").fill("2");
      await page.getByLabel("Memory (GiB)").fill("1");
      await page.getByLabel("Disk (GiB)").fill("4");
      await page.getByLabel("Hours to pay for").fill("2");
      await page.getByRole("button", { name: "Generate a key pair in this browser" }).click();
      await page.getByTestId("private-key-download").waitFor();
      expect(await page.getByLabel(/Public key/).inputValue()).toMatch(/^ssh-ed25519 AAAA/);
      await page.getByLabel(/Public key/).fill(key.publicKey);
      await page.getByRole("button", { name: "Get offer" }).click();
      await waitOrExplain(page, "quote", "[data-testid=quote]", problems);
      expect(await page.getByTestId("quote-price").textContent()).toContain(
        `0.0214 ${GLM.symbol}/h`,
      );
      expect(await page.getByTestId("quote-deposit").textContent()).toContain("2 h of runway");
      await shot(page, "rent-2-quote");
      await page.getByRole("button", { name: "Pay and create VM" }).click();
      await waitOrExplain(
        page,
        "boot",
        "[data-testid=rent-progress][data-step=boot]",
        problems,
        120_000,
      );
      await shot(page, "rent-3-booting");
      const started = Date.now();
      await waitOrExplain(page, "ssh-access", "[data-testid=ssh-access]", problems, 12 * 60_000);
      console.log(
        `VM running (SSH banner) ${((Date.now() - started) / 1000).toFixed(0)} s after create`,
      );
      await shot(page, "rent-4-ssh-command");
      // The payment (permit signature, then createStream) under one toast: wallet, chain, confirmed.
      expect(await txPhases(page, "Create the payment stream")).toEqual([
        "wallet",
        "chain",
        "confirmed",
      ]);
      const access = page.getByTestId("ssh-access");
      const port = Number(await access.getAttribute("data-port"));
      expect(await page.getByTestId("ssh-command").textContent()).toContain(`-p ${port}`);
      const vmId = String(await page.getByTestId("rented-vm").getAttribute("data-vm-id"));

      // The stream on chain pays the provider from the page's account.
      const owner = createProviderClient({ baseUrl: daemon.apiUrl, signer: pageAccount });
      const vmStream = await owner.vmStream(vmId);
      const streamId = toStreamId(vmStream.streamId);
      const stored = await getStream(publicClient, { address: StreamPayment.address, streamId });
      expect(isAddressEqual(stored.sender, pageAccount.address)).toBe(true);
      expect(isAddressEqual(stored.recipient, info.providerId as `0x${string}`)).toBe(true);

      // Real OpenSSH with the key whose public half was pasted in the page.
      const target = { keyPath: key.privateKeyPath, port, host: "127.0.0.1" };
      await waitForSshLogin({ ...target, timeoutMs: 5 * 60_000 });
      expect((await runSsh({ ...target, command: "nproc" })).trim()).toBe("2");

      // My VMs: running, runway counting down; top up one hour.
      await page.getByRole("link", { name: "My VMs" }).first().click();
      const card = page.getByTestId(`vm-${vmId}`);
      await waitOrExplain(
        page,
        "vm-card",
        `[data-testid="vm-${vmId}"][data-status=running]`,
        problems,
      );
      await card.getByTestId("runway").filter({ hasText: /min|h/ }).waitFor();
      await shot(page, "rent-5-my-vms");
      await card.getByRole("button", { name: "Top up" }).click();
      await waitOrExplain(
        page,
        "top-up",
        `[data-testid="vm-${vmId}"] [data-testid=vm-tx-status][data-status=confirmed]`,
        problems,
        120_000,
      );
      const toppedUp = await getStream(publicClient, { address: StreamPayment.address, streamId });
      // The balance grew by about an hour's price (minus what accrued since the stream opened).
      expect(toppedUp.balance > stored.balance).toBe(true);
      await shot(page, "rent-6-topped-up");
      // Approve (when the allowance is short) and topUp: each asked in the wallet, then on chain.
      const topUpPhases = await txPhases(page, `Top up stream #${streamId}`);
      expect(topUpPhases.slice(0, 2)).toEqual(["wallet", "chain"]);
      expect(topUpPhases.at(-1)).toBe("confirmed");
      expect(topUpPhases).not.toContain("failed");

      // Stop, start (a second boot), destroy.
      await card.getByRole("button", { name: "Stop" }).click();
      await waitOrExplain(
        page,
        "stopped",
        `[data-testid="vm-${vmId}"][data-status=stopped]`,
        problems,
        5 * 60_000,
      );
      await shot(page, "rent-7-stopped");
      await card.getByRole("button", { name: "Start" }).click();
      await waitOrExplain(
        page,
        "restarted",
        `[data-testid="vm-${vmId}"][data-status=running]`,
        problems,
        12 * 60_000,
      );
      await shot(page, "rent-8-started");
      // Provider page, as the provider (its payment key in a second test wallet): the stream
      // paying it, and Withdraw all moves what accrued to its address.
      const providerKey = (await readFile(path.join(daemon.dataDir, "payment.key"), "utf8")).trim();
      const providerAccount = privateKeyToAccount(providerKey as Hex);
      await testClient.setBalance({ address: providerAccount.address, value: parseEther("1") });
      const earnings = await openPage(browser);
      await installTestWallet(earnings.page, {
        account: providerAccount,
        chain: viemChain,
        rpcUrl: chain.rpcUrl,
      });
      await earnings.page.goto(`${server.url}/provider`);
      await earnings.page.getByRole("button", { name: "Connect Wallet" }).click();
      await earnings.page.getByRole("dialog").getByRole("button", { name: testWalletName }).click();
      await earnings.page.getByTestId(`earning-${streamId}`).waitFor({ timeout: 30_000 });
      await earnings.page.getByRole("button", { name: "Withdraw all" }).click();
      await waitOrExplain(
        earnings.page,
        "withdraw",
        "[data-testid=withdraw-all-status][data-status=confirmed]",
        earnings.problems,
        120_000,
      );
      expect(
        await getGlmBalance(publicClient, { token: GLM.address, owner: providerAccount.address }),
      ).toBeGreaterThan(0n);
      await shot(earnings.page, "rent-9-provider-withdrew");
      await earnings.page.close();
      expect(earnings.problems).toEqual([]);

      // Destroy: the page terminates the stream from its wallet (the rest comes back), then the
      // provider destroys the VM; the stream is closed on chain.
      const pageGlm = () =>
        getGlmBalance(publicClient, { token: GLM.address, owner: pageAccount.address });
      const beforeDestroy = await pageGlm();
      await card.getByRole("button", { name: "Destroy" }).click();
      // The dialog asks first; by default the stream is terminated too (keep it unticked).
      const confirmDestroy = page.getByRole("alertdialog");
      expect(await confirmDestroy.getByLabel(/Keep stream/).isChecked()).toBe(false);
      await shot(page, "rent-10-destroy-dialog");
      await confirmDestroy.getByRole("button", { name: "Terminate stream and destroy" }).click();
      await waitOrExplain(
        page,
        "destroyed",
        `[data-testid="vm-${vmId}"][data-status=destroyed]`,
        problems,
        5 * 60_000,
      );
      // The provider lists it no more once its teardown is done.
      await expect
        .poll(async () => (await owner.listVms()).find((vm) => vm.id === vmId)?.status ?? "gone", {
          timeout: 120_000,
          interval: 2_000,
        })
        .toBe("gone");

      const closed = await getStream(publicClient, { address: StreamPayment.address, streamId });
      expect(closed.closed).toBe(true);
      expect(await pageGlm()).toBeGreaterThan(beforeDestroy);
      await shot(page, "rent-11-destroyed-and-terminated");
      expect(await txPhases(page, `Terminate stream #${streamId}`)).toEqual([
        "wallet",
        "chain",
        "confirmed",
      ]);

      await page.close();
      expect(problems).toEqual([]);
    },
    30 * 60_000,
  );
});
