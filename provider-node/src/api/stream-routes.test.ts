import { getAddress } from "viem";
import { afterEach, beforeAll, expect, test } from "vitest";
import { type ApiHarness, createApiHarness, testHost } from "../../test/support/api-harness.ts";
import { createPaidChain, type PaidChain, siweSignerOf } from "../../test/support/paid-chain.ts";

// Real in-process chain and API; the fake VM driver (the VM is not the subject here).
let chain: PaidChain;
let h: ApiHarness;
beforeAll(async () => {
  chain = await createPaidChain();
}, 120_000);
afterEach(async () => {
  await h?.close();
});

const get = (url: string, authorization: string) =>
  h.app.inject({ method: "GET", url, headers: { host: testHost, authorization } });

test("GET /vms/{id}/stream shows the owner's stream; others see 404; /payments/streams lists own", async () => {
  h = await createApiHarness({ paymentSettings: chain.settings() });
  const owner = await h.signIn(siweSignerOf(chain.requestor));
  const other = await h.signIn(siweSignerOf(chain.stranger));
  const quote = await h.app.inject({
    method: "POST",
    url: "/api/v1/offers",
    headers: { host: testHost, authorization: owner.authorization },
    payload: { cpu: 1, memoryGiB: 1, storageGiB: 2 },
  });
  const offer = quote.json();
  const rate = BigInt(offer.offer.ratePerSecond);
  const streamId = await chain.openStream(chain.requestor, {
    recipient: chain.providerAccount.address,
    ratePerSecond: rate,
    seconds: 7200n,
    serviceId: offer.serviceId,
  });
  const created = await h.app.inject({
    method: "POST",
    url: "/api/v1/vms",
    headers: { host: testHost, authorization: owner.authorization },
    payload: {
      name: "web",
      cpu: 1,
      memoryGiB: 1,
      storageGiB: 2,
      sshPublicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKey test@host",
      offer: { offer: offer.offer, signature: offer.signature },
      streamId,
    },
  });
  expect(created.statusCode, created.body).toBe(202);
  const vmId = created.json().id;

  await chain.time.increase(100);
  const view = (await get(`/api/v1/vms/${vmId}/stream`, owner.authorization)).json();
  expect(view).toMatchObject({
    vmId,
    streamId,
    sender: getAddress(chain.requestor.account.address),
    recipient: chain.providerAccount.address,
    serviceId: offer.serviceId,
    ratePerSecond: rate.toString(),
    active: true,
    closed: false,
  });
  const withdrawable = BigInt(view.withdrawable);
  expect(withdrawable).toBeGreaterThanOrEqual(rate * 100n);
  expect(withdrawable + BigInt(view.refundable)).toBe(rate * 7200n);
  expect(view.runwaySeconds).toBe(Number(BigInt(view.refundable) / rate));
  expect(view.depletionTime).toBe(view.at + view.runwaySeconds);

  const foreign = await get(`/api/v1/vms/${vmId}/stream`, other.authorization);
  expect(foreign.statusCode).toBe(404);
  expect(foreign.json().error.code).toBe("VM_NOT_FOUND");

  const own = (await get("/api/v1/payments/streams", owner.authorization)).json();
  expect(own.map((s: { vmId: string }) => s.vmId)).toEqual([vmId]);
  expect((await get("/api/v1/payments/streams", other.authorization)).json()).toEqual([]);
});
