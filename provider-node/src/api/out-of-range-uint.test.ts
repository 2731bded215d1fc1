import { type Address, type Hex, maxUint256 } from "viem";
import { afterEach, beforeAll, expect, test } from "vitest";
import { type ApiHarness, createApiHarness, testHost } from "../../test/support/api-harness.ts";
import { captureApiLog } from "../../test/support/api-log.ts";
import { createPaidChain, type PaidChain, siweSignerOf } from "../../test/support/paid-chain.ts";

// Real chain, real API, real SQLite, a real stream paying for a real offer; the VM driver is
// the TEST-ONLY fake one, because no VM may be created here at all.
let chain: PaidChain;
let h: ApiHarness;
beforeAll(async () => {
  chain = await createPaidChain();
}, 120_000);
afterEach(async () => {
  await h?.close();
});

type OfferView = {
  offer: Record<string, unknown> & { ratePerSecond: string; resources: Record<string, number> };
  signature: Hex;
  serviceId: Hex;
};

const beyond = (bits: number) => (2n ** BigInt(bits)).toString();

// Each field of a signed offer or a create body that becomes a uint, one past its Solidity width.
const hostile: Array<[string, (offer: OfferView["offer"]) => unknown, string?]> = [
  ["offer.ratePerSecond 78 nines", (o) => ({ ...o, ratePerSecond: "9".repeat(78) })],
  ["offer.ratePerSecond 2^256", (o) => ({ ...o, ratePerSecond: beyond(256) })],
  ["offer.resources.cpu 2^32", (o) => ({ ...o, resources: { ...o.resources, cpu: 2 ** 32 } })],
  ["offer.minRunwaySeconds 2^64", (o) => ({ ...o, minRunwaySeconds: 2 ** 64 })],
  ["offer.expiresAt 2^64", (o) => ({ ...o, expiresAt: 2 ** 64 })],
  ["offer.chainId 2^256", (o) => ({ ...o, chainId: 2 ** 256 })],
  ["streamId 2^256", (o) => o, beyond(256)],
  ["streamId 78 nines", (o) => o, "9".repeat(78)],
];

test.each(hostile)(
  "attack: a signed-in requestor with a real stream sends %s: VALIDATION_FAILED, no 500, nothing created, nothing logged as an error",
  async (_name, mutate, streamOverride) => {
    const log = captureApiLog();
    h = await createApiHarness({ paymentSettings: chain.settings(), logger: log.logger });
    const { authorization } = await h.signIn(siweSignerOf(chain.requestor));
    const headers = { host: testHost, authorization };
    const quoted = await h.app.inject({
      method: "POST",
      url: "/api/v1/offers",
      headers,
      payload: { cpu: 1, memoryGiB: 1, storageGiB: 2 },
    });
    const offer = quoted.json() as OfferView;
    const streamId = await chain.openStream(chain.requestor, {
      recipient: chain.providerAccount.address as Address,
      ratePerSecond: BigInt(offer.offer.ratePerSecond),
      seconds: 7200n,
      serviceId: offer.serviceId,
    });

    const res = await h.app.inject({
      method: "POST",
      url: "/api/v1/vms",
      headers,
      payload: {
        name: "web",
        cpu: 1,
        memoryGiB: 1,
        storageGiB: 2,
        sshPublicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKey test@host",
        offer: { offer: mutate(offer.offer), signature: offer.signature },
        streamId: streamOverride ?? streamId,
      },
    });

    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.code).toBe("VALIDATION_FAILED");
    expect(h.service.listVms()).toEqual([]);
    expect(h.driver.states()).toEqual({});
    expect(h.offers?.get(offer.serviceId)?.usedByVm).toBeNull();
    expect(log.errors()).toEqual([]);
    expect(log.withStack()).toEqual([]);
  },
);

test("the largest uint256 rate still parses: the bound is the Solidity width, not fewer digits", async () => {
  const { signedOfferSchema } = await import("@vm-on-golem/sdk/offer");
  const shape = signedOfferSchema.shape.offer.shape.ratePerSecond;
  expect(shape.safeParse(maxUint256.toString()).success).toBe(true);
  expect(shape.safeParse((maxUint256 + 1n).toString()).success).toBe(false);
});
