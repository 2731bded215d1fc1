import { getGlmBalance, getStreamState, streamPaymentAbi } from "@vm-on-golem/sdk/contract";
import { parseEventLogs } from "viem";
import { afterEach, beforeAll, expect, test } from "vitest";
import { type ApiHarness, createApiHarness } from "../../test/support/api-harness.ts";
import { createPaidChain, type PaidChain } from "../../test/support/paid-chain.ts";
import { rentPaidVm } from "../../test/support/paid-vm.ts";
import { providerWallet } from "../../test/support/provider-wallet.ts";
import type { WithdrawEarningsReturnType } from "./auto-withdraw.ts";
import { startAutoWithdraw } from "./auto-withdraw-timer.ts";

// Real in-process chain and contracts; the fake VM driver (the VM is not the subject).
let chain: PaidChain;
let h: ApiHarness;
beforeAll(async () => {
  chain = await createPaidChain();
}, 120_000);
afterEach(async () => {
  await h?.close();
});

test("on its timer: below the threshold no transaction; once crossed one withdrawMany of every stream", async () => {
  const settings = chain.settings();
  h = await createApiHarness({ paymentSettings: settings });
  const a = await rentPaidVm(h, chain, { name: "a" });
  const b = await rentPaidVm(h, chain, { name: "b" });
  const wallet = await providerWallet(chain);
  const offers = h.offers as NonNullable<typeof h.offers>;
  const provider = chain.providerAccount.address;
  const balance = () => getGlmBalance(chain.publicClient, { token: chain.glm, owner: provider });
  const nonce = () => chain.publicClient.getTransactionCount({ address: provider });

  // Threshold: both streams' accrual over 1000 s.
  const minWei = (a.rate + b.rate) * 1000n;
  const checks: WithdrawEarningsReturnType[] = [];
  const logs: string[] = [];
  const timer = startAutoWithdraw({
    settings,
    offers,
    wallet,
    minWei,
    intervalMs: 100,
    onCheck: (result) => checks.push(result),
    log: (line) => logs.push(line),
  });
  try {
    await expect.poll(() => checks.length).toBeGreaterThanOrEqual(3);
    expect(checks.every((c) => c.hash === undefined && c.withdrawn === 0n)).toBe(true);
    expect(checks.at(-1)?.withdrawable).toBeGreaterThan(0n);
    expect(checks.at(-1)?.withdrawable).toBeLessThan(minWei);
    expect(await nonce()).toBe(0);
    const before = await balance();

    await chain.time.increase(1200);
    await expect.poll(() => checks.find((c) => c.hash !== undefined)).toBeDefined();
    const sent = checks.find((c) => c.hash !== undefined) as WithdrawEarningsReturnType;
    expect(sent.withdrawn).toBeGreaterThanOrEqual(minWei);
    expect((await balance()) - before).toBe(sent.withdrawn);
    // One transaction, a withdrawMany that paid both streams.
    const receipt = await chain.publicClient.getTransactionReceipt({ hash: sent.hash as never });
    const withdrawn = parseEventLogs({ abi: streamPaymentAbi, logs: receipt.logs }).filter(
      (log) => log.eventName === "StreamWithdrawn",
    );
    expect(withdrawn.map((log) => (log.args as { streamId: bigint }).streamId).sort()).toEqual(
      [a.streamId, b.streamId].sort(),
    );
    expect(await nonce()).toBe(1);
    for (const id of [a.streamId, b.streamId]) {
      const state = await getStreamState(chain.publicClient, {
        address: chain.streamPayment,
        streamId: id,
      });
      expect(state.withdrawable).toBeLessThan(minWei);
    }

    // Below the threshold again: more checks, no second transaction.
    const count = checks.length;
    await expect.poll(() => checks.length).toBeGreaterThanOrEqual(count + 3);
    expect(await nonce()).toBe(1);
    expect(logs.filter((l) => l.startsWith("withdrew "))).toHaveLength(1);
  } finally {
    await timer.close();
  }
});
