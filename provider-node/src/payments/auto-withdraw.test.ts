import { getGlmBalance } from "@vm-on-golem/sdk/contract/get-glm-balance";
import { afterEach, beforeAll, expect, test } from "vitest";
import { type ApiHarness, createApiHarness, testHost } from "../../test/support/api-harness.ts";
import { createPaidChain, type PaidChain, siweSignerOf } from "../../test/support/paid-chain.ts";
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
  const { authorization } = await h.signIn(siweSignerOf(chain.requestor));
  const headers = { host: testHost, authorization };
  for (const name of ["a", "b"]) {
    const offer = (
      await h.app.inject({
        method: "POST",
        url: "/api/v1/offers",
        headers,
        payload: { cpu: 1, memoryGiB: 1, storageGiB: 2 },
      })
    ).json();
    const streamId = await chain.openStream(chain.requestor, {
      recipient: chain.providerAccount.address,
      ratePerSecond: BigInt(offer.offer.ratePerSecond),
      seconds: 7200n,
      serviceId: offer.serviceId,
    });
    const created = await h.app.inject({
      method: "POST",
      url: "/api/v1/vms",
      headers,
      payload: {
        name,
        cpu: 1,
        memoryGiB: 1,
        storageGiB: 2,
        sshPublicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKey test@host",
        offer: { offer: offer.offer, signature: offer.signature },
        streamId,
      },
    });
    expect(created.statusCode, created.body).toBe(202);
  }
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
