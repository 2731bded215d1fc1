import { getGlmBalance, terminate } from "@vm-on-golem/sdk/contract";
import { afterEach, beforeAll, expect, test } from "vitest";
import { type ApiHarness, createApiHarness } from "../../test/support/api-harness.ts";
import { createPaidChain, type PaidChain } from "../../test/support/paid-chain.ts";
import { rentPaidVm } from "../../test/support/paid-vm.ts";
import { providerWallet } from "../../test/support/provider-wallet.ts";
import { withdrawEarnings } from "./auto-withdraw.ts";

// Real in-process chain and contracts; the fake VM driver (the VM is not the subject).
let chain: PaidChain;
let h: ApiHarness;
beforeAll(async () => {
  chain = await createPaidChain();
}, 120_000);
afterEach(async () => {
  await h?.close();
});

test("withdraws nothing below the threshold, then everything accrued in one withdrawMany", async () => {
  const settings = chain.settings();
  h = await createApiHarness({ paymentSettings: settings });
  await rentPaidVm(h, chain, { name: "a" });
  await rentPaidVm(h, chain, { name: "b" });
  expect(h.offers?.paidStreams()).toHaveLength(2);
  await chain.time.increase(1000);
  const wallet = await providerWallet(chain);
  const log = () => {};
  const offers = h.offers as NonNullable<typeof h.offers>;

  const skipped = await withdrawEarnings({ settings, offers, wallet, minWei: 10n ** 30n, log });
  expect(skipped.withdrawn).toBe(0n);
  expect(skipped.hash).toBeUndefined();
  expect(skipped.withdrawable).toBeGreaterThanOrEqual(2n * 2_200_000_000n * 1000n);

  const balance = () =>
    getGlmBalance(chain.publicClient, { token: chain.glm, owner: chain.providerAccount.address });
  const before = await balance();
  const done = await withdrawEarnings({ settings, offers, wallet, minWei: 1n, log });
  expect(done.hash).toMatch(/^0x/);
  expect(done.withdrawn).toBeGreaterThanOrEqual(skipped.withdrawable);
  expect((await balance()) - before).toBe(done.withdrawn);
});

test("a pass reads only streams that can still pay: one closed and empty is dropped after it is read once", async () => {
  const settings = chain.settings();
  h = await createApiHarness({ paymentSettings: settings });
  const offers = h.offers as NonNullable<typeof h.offers>;
  const a = await rentPaidVm(h, chain, { name: "a" });
  const b = await rentPaidVm(h, chain, { name: "b" });
  await chain.time.increase(100);
  // The requestor leaves: terminate pays the provider what accrued, the stream is closed.
  await terminate(chain.requestor, { address: chain.streamPayment, streamId: a.streamId });
  const wallet = await providerWallet(chain);
  const log = () => {};
  expect(offers.payingStreams()).toEqual([a.streamId.toString(), b.streamId.toString()]);

  const first = await withdrawEarnings({ settings, offers, wallet, minWei: 1n, log });
  expect(first.hash).toMatch(/^0x/);
  // The closed stream had nothing left: it is read no more; the open one still pays.
  expect(offers.payingStreams()).toEqual([b.streamId.toString()]);
  expect(offers.paidStreams()).toHaveLength(2);

  await chain.time.increase(100);
  const second = await withdrawEarnings({ settings, offers, wallet, minWei: 1n, log });
  expect(second.withdrawn).toBeGreaterThan(0n);
  expect(offers.payingStreams()).toEqual([b.streamId.toString()]);
});
