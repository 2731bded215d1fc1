/**
 * The dapp pays either way, in headless Debian Chromium with the injected test wallet, against
 * a real local chain and real provider daemons (pay-stack.ts; their VMs are the TEST-ONLY fake
 * process driver's guests: the subject is the payment). One provider is paid in the
 * GLM-interface token (TestGolemNetworkToken, mainnet GLM's DAI-style permit), one in native
 * ETH, one in a token without permit. Every transaction the page asks the wallet for is counted.
 */
import { mkdir } from "node:fs/promises";
import { getGlmBalance, getStream, requestGlmFromFaucet } from "@vm-on-golem/sdk/contract";
import { createProviderClient } from "@vm-on-golem/sdk/provider-client";
import { toStreamId } from "@vm-on-golem/sdk/stream";
import type { Browser, Page } from "playwright-core";
import { createWalletClient, defineChain, type Hash, http, parseEther } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { artifactsDir, launchChromium, openPage, shot } from "./browser-page.ts";
import { type PayProviderName, type PayStack, startPayStack } from "./pay-stack.ts";
import { installTestWallet, testWalletName } from "./test-wallet.ts";

let stack: PayStack;
let browser: Browser;
const serverLog: string[] = [];
const pageAccount = privateKeyToAccount(generatePrivateKey());
/** Every wallet request of the page, in order, with the transaction hash when it sent one. */
const requests: { method: string; hash?: Hash }[] = [];

beforeAll(async () => {
  await mkdir(artifactsDir, { recursive: true });
  stack = await startPayStack((line) => serverLog.push(line));
  browser = await launchChromium();
}, 900_000);

afterAll(async () => {
  await browser?.close();
  if (stack) {
    for (const daemon of Object.values(stack.daemons)) {
      const client = createProviderClient({ baseUrl: daemon.apiUrl, signer: pageAccount });
      for (const vm of await client.listVms().catch(() => [])) {
        await client.destroyVm(vm.id).catch(() => undefined);
      }
    }
    await stack.stop();
  }
}, 300_000);

async function waitOrExplain(page: Page, name: string, selector: string, problems: string[]) {
  try {
    await page.locator(selector).first().waitFor({ timeout: 120_000 });
  } catch (err) {
    await shot(page, `pay-failed-${name}`);
    const alerts = await page
      .getByRole("alert")
      .allTextContents()
      .catch(() => []);
    throw new Error(
      `${name}: ${String(err)}\nalerts: ${alerts.join(" | ")}\nproblems: ${problems.join("\n")}\nserver: ${serverLog.slice(-20).join("\n")}`,
    );
  }
}

const row = (page: Page, name: PayProviderName) =>
  page.locator(`[data-testid=provider-row][data-api-url="${stack.daemons[name].apiUrl}"]`);

describe("web: paying in ETH, in a GLM-interface token, in a token without permit", () => {
  it("lists each provider with its price in its own coin; Pay with filters ETH / GLM / any", async () => {
    const { page, problems } = await openPage(browser);
    await page.goto(`${stack.server.url}/providers`);
    for (const name of ["glmLike", "eth", "plain"] as const) {
      await waitOrExplain(
        page,
        `row-${name}`,
        `[data-testid=provider-row][data-api-url="${stack.daemons[name].apiUrl}"]`,
        problems,
      );
    }
    expect(await row(page, "eth").getAttribute("data-pay")).toBe("eth");
    expect(await row(page, "eth").getByTestId("price").textContent()).toContain("0.01 ETH/h");
    const glmSymbol = stack.contracts.glmLike.symbol;
    expect(await row(page, "glmLike").getByTestId("price").textContent()).toContain(
      `0.01 ${glmSymbol}/h`,
    );
    expect(await row(page, "plain").getByTestId("price").textContent()).toContain("0.01 tPLAIN/h");
    await page.getByLabel("Pay with").selectOption("eth");
    await row(page, "glmLike").waitFor({ state: "detached" });
    expect(await page.getByTestId("provider-row").count()).toBe(1);
    expect(await row(page, "eth").count()).toBe(1);
    await page.getByLabel("Pay with").selectOption("glm");
    await row(page, "eth").waitFor({ state: "detached" });
    expect(await page.getByTestId("provider-row").count()).toBe(2);
    await page.getByLabel("Pay with").selectOption("any");
    await row(page, "eth").waitFor();
    expect(await page.getByTestId("provider-row").count()).toBe(3);
    await shot(page, "pay-0-providers");
    await page.close();
    expect(problems).toEqual([]);
  });

  it(
    "rents with the DAI-permit token in one transaction, with ETH in one (balance down by deposit + gas exactly), with a permit-less token in two; tops up and terminates the ETH stream on its own contract",
    async () => {
      const { paid, server, contracts } = stack;
      const chain = defineChain({
        id: paid.chain.chainId,
        name: "Local chain",
        nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
        rpcUrls: { default: { http: [paid.chain.rpcUrl] } },
      });
      const client = paid.publicClient;
      await paid.testClient.setBalance({ address: pageAccount.address, value: parseEther("10") });
      const pageWallet = createWalletClient({
        account: pageAccount,
        chain,
        transport: http(paid.chain.rpcUrl),
      });
      await requestGlmFromFaucet(pageWallet, { token: contracts.glmLike.token });
      await requestGlmFromFaucet(pageWallet, { token: contracts.plain.token });

      const { page, problems } = await openPage(browser);
      await installTestWallet(page, {
        account: pageAccount,
        chain,
        rpcUrl: paid.chain.rpcUrl,
        onRequest: (method, answer) =>
          requests.push({
            method,
            ...(method === "eth_sendTransaction" && "result" in answer
              ? { hash: answer.result as Hash }
              : {}),
          }),
      });
      await page.goto(`${server.url}/providers`);
      await page.getByRole("button", { name: "Connect Wallet" }).click();
      await page.getByRole("dialog").getByRole("button", { name: testWalletName }).click();
      await page.getByTestId("eth-balance").filter({ hasText: "ETH" }).waitFor();

      /** Rents 1 CPU / 1 GiB / 4 GiB for 2 h from `name` through the UI; what the page sent meanwhile. */
      const rent = async (name: PayProviderName) => {
        await page.getByRole("link", { name: "Providers" }).first().click();
        await waitOrExplain(
          page,
          `row-${name}`,
          `[data-testid=provider-row][data-api-url="${stack.daemons[name].apiUrl}"]`,
          problems,
        );
        await row(page, name).getByRole("link", { name: "Rent" }).click();
        await page.getByTestId("provider-summary").waitFor();
        await page.getByLabel("CPU (cores)").fill("1");
        await page.getByLabel("Memory (GiB)").fill("1");
        await page.getByLabel("Disk (GiB)").fill("4");
        await page.getByLabel("Hours to pay for").fill("2");
        await page
          .getByLabel(/Public key/)
          .fill("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKey pay@e2e");
        await page.getByRole("button", { name: "Get offer" }).click();
        await waitOrExplain(page, `quote-${name}`, "[data-testid=quote]", problems);
        const quote = page.getByTestId("quote-payment");
        const said = {
          flavour: await quote.getAttribute("data-flavour"),
          transactions: Number(await quote.getAttribute("data-transactions")),
          text: String(await quote.textContent()),
          price: String(await page.getByTestId("quote-price").textContent()),
        };
        await shot(page, `pay-${name}-quote`);
        const from = requests.length;
        await page.getByRole("button", { name: "Pay and create VM" }).click();
        await waitOrExplain(page, `access-${name}`, "[data-testid=ssh-access]", problems);
        const sent = requests.slice(from);
        const vmId = String(await page.getByTestId("rented-vm").getAttribute("data-vm-id"));
        const owner = createProviderClient({
          baseUrl: stack.daemons[name].apiUrl,
          signer: pageAccount,
        });
        const streamId = toStreamId((await owner.vmStream(vmId)).streamId);
        const stream = await getStream(client, {
          address: contracts[name].streamPayment,
          streamId,
        });
        return {
          said,
          vmId,
          streamId,
          stream,
          transactions: sent.filter((r) => r.method === "eth_sendTransaction"),
          typedSignatures: sent.filter((r) => r.method === "eth_signTypedData_v4").length,
        };
      };
      const tokenBalance = (name: "glmLike" | "plain") =>
        getGlmBalance(client, { token: contracts[name].token, owner: pageAccount.address });
      // 1 × 0.01 + 1 × 0.001 + 4 × 0.0001 = 0.0114 per hour, 2 h.
      const deposit = (rate: bigint) => rate * 7200n;

      // (a) GLM-interface token: its DAI-style permit signed, then one transaction.
      const glmBefore = await tokenBalance("glmLike");
      const glm = await rent("glmLike");
      expect(glm.said).toMatchObject({ flavour: "dai", transactions: 1 });
      expect(glm.said.text).toContain("unlimited allowance");
      expect(glm.said.price).toContain(`0.0114 ${contracts.glmLike.symbol}/h`);
      expect(glm.transactions).toHaveLength(1);
      expect(glm.typedSignatures).toBe(1);
      expect(glm.stream.sender).toBe(pageAccount.address);
      expect(glm.stream.balance).toBe(deposit(glm.stream.ratePerSecond));
      expect(glmBefore - (await tokenBalance("glmLike"))).toBe(glm.stream.balance);

      // (b) native ETH: one transaction, the deposit its value; nothing else left the wallet.
      const ethBefore = await client.getBalance({ address: pageAccount.address });
      const eth = await rent("eth");
      expect(eth.said).toMatchObject({ flavour: "native", transactions: 1 });
      expect(eth.said.price).toContain("0.0114 ETH/h");
      expect(eth.transactions).toHaveLength(1);
      expect(eth.typedSignatures).toBe(0);
      const receipt = await client.getTransactionReceipt({
        hash: eth.transactions[0]?.hash as Hash,
      });
      const gas = receipt.gasUsed * receipt.effectiveGasPrice;
      expect(eth.stream.balance).toBe(deposit(eth.stream.ratePerSecond));
      expect(ethBefore - (await client.getBalance({ address: pageAccount.address }))).toBe(
        eth.stream.balance + gas,
      );
      expect(await client.getBalance({ address: contracts.eth.streamPayment })).toBe(
        eth.stream.balance,
      );

      // (c) a token without permit: approve, then create, as the quote said.
      const plainBefore = await tokenBalance("plain");
      const plain = await rent("plain");
      expect(plain.said).toMatchObject({ flavour: "none", transactions: 2 });
      expect(plain.said.text).toContain("two transactions");
      expect(plain.transactions).toHaveLength(2);
      expect(plain.stream.balance).toBe(deposit(plain.stream.ratePerSecond));
      expect(plainBefore - (await tokenBalance("plain"))).toBe(plain.stream.balance);

      // Stream ids are per contract: the ETH stream's id names another stream (or none) elsewhere.
      // My VMs acts on the contract each stream was opened on: top up the ETH one in ETH, then
      // destroy it, terminating it on StreamPaymentNative.
      await page.getByRole("link", { name: "My VMs" }).first().click();
      const card = page.getByTestId(`vm-${eth.vmId}`);
      await waitOrExplain(
        page,
        "eth-card",
        `[data-testid="vm-${eth.vmId}"] [data-testid=runway]`,
        problems,
      );
      expect(await card.textContent()).toContain("0.0114 ETH/h");
      const beforeTopUp = await getStream(client, {
        address: contracts.eth.streamPayment,
        streamId: eth.streamId,
      });
      const sentBefore = requests.length;
      await card.getByRole("button", { name: "Top up" }).click();
      await waitOrExplain(
        page,
        "eth-top-up",
        `[data-testid="vm-${eth.vmId}"] [data-testid=vm-tx-status][data-status=confirmed]`,
        problems,
      );
      const toppedUp = await getStream(client, {
        address: contracts.eth.streamPayment,
        streamId: eth.streamId,
      });
      // One hour at the stream's rate, in one transaction (no approve: the value is the amount).
      expect(toppedUp.balance - beforeTopUp.balance).toBeGreaterThanOrEqual(
        3600n * eth.stream.ratePerSecond - 60n * eth.stream.ratePerSecond,
      );
      expect(
        requests.slice(sentBefore).filter((r) => r.method === "eth_sendTransaction"),
      ).toHaveLength(1);
      await card.getByRole("button", { name: "Destroy" }).click();
      await page
        .getByRole("alertdialog")
        .getByRole("button", { name: "Terminate stream and destroy" })
        .click();
      await waitOrExplain(
        page,
        "eth-destroyed",
        `[data-testid="vm-${eth.vmId}"][data-status=destroyed]`,
        problems,
      );
      // The card hides at once; the terminate transaction (from this wallet) follows.
      await expect
        .poll(
          async () =>
            (
              await getStream(client, {
                address: contracts.eth.streamPayment,
                streamId: eth.streamId,
              })
            ).closed,
          { timeout: 60_000, interval: 1_000 },
        )
        .toBe(true);
      // The GLM-interface stream is still open (a terminate on the wrong contract would close it
      // when the ids coincide).
      expect(
        (
          await getStream(client, {
            address: contracts.glmLike.streamPayment,
            streamId: glm.streamId,
          })
        ).closed,
      ).toBe(false);
      await shot(page, "pay-9-eth-destroyed");
      await page.close();
      expect(problems).toEqual([]);
    },
    20 * 60_000,
  );
});
