import { createNativeStream, getStream } from "@vm-on-golem/sdk/contract";
import { toStreamId } from "@vm-on-golem/sdk/stream";
import { type Address, getAddress, type Hex, zeroAddress } from "viem";
import { afterEach, beforeAll, describe, expect, test } from "vitest";
import { type ApiHarness, createApiHarness, testHost } from "../../test/support/api-harness.ts";
import { createPaidChain, type PaidChain, siweSignerOf } from "../../test/support/paid-chain.ts";
import { providerWalletOf } from "../../test/support/provider-wallet.ts";
import { withdrawEarnings } from "../payments/auto-withdraw.ts";
import type { PaymentSettings } from "../payments/payment-settings.ts";

// Which StreamPayment a node is paid on: real chain (in-process Hardhat with StreamPayment and
// StreamPaymentNative), real API and SQLite; the VM driver is the fake one, the VM itself is
// not the subject.
let chain: PaidChain;
let native: Address;
let h: ApiHarness | undefined;
beforeAll(async () => {
  chain = await createPaidChain();
  native = getAddress((await chain.connection.viem.deployContract("StreamPaymentNative")).address);
}, 120_000);
afterEach(async () => {
  await h?.close();
  h = undefined;
});

type OfferView = {
  offer: { ratePerSecond: string; contract: Address; token: Address };
  signature: Hex;
  serviceId: Hex;
};

const size = { cpu: 1, memoryGiB: 1, storageGiB: 2 };
const vmBody = {
  name: "web",
  ...size,
  sshPublicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKey test@host",
};
const ethSettings = (): Partial<PaymentSettings> => ({ streamPayment: native, token: zeroAddress });

async function node(overrides: Partial<PaymentSettings>) {
  h = await createApiHarness({ paymentSettings: chain.settings(overrides) });
  const harness = h;
  const { authorization } = await harness.signIn(siweSignerOf(chain.requestor));
  const call = (url: string, payload: object) =>
    harness.app.inject({
      method: "POST",
      url,
      headers: { host: testHost, authorization },
      payload,
    });
  return {
    harness,
    quote: (streamPayment?: Address) =>
      call("/api/v1/offers", { ...size, ...(streamPayment && { streamPayment }) }),
    create: (offer: OfferView, streamId: string) =>
      call("/api/v1/vms", {
        ...vmBody,
        offer: { offer: offer.offer, signature: offer.signature },
        streamId,
      }),
  };
}

async function openNative(offer: OfferView): Promise<string> {
  const rate = BigInt(offer.offer.ratePerSecond);
  const { streamId } = await createNativeStream(chain.requestor, {
    address: native,
    recipient: chain.providerAccount.address,
    deposit: rate * 7200n,
    ratePerSecond: rate,
    serviceId: offer.serviceId,
  });
  return streamId.toString();
}

describe("a node paid in the chain's native coin (payments.pay = eth)", () => {
  test("signs offers naming StreamPaymentNative and the zero token, and takes a native stream", async () => {
    const paid = await node(ethSettings());
    const res = await paid.quote(native);
    expect(res.statusCode, res.body).toBe(201);
    const offer = res.json() as OfferView;
    expect(offer.offer).toMatchObject({ contract: native, token: zeroAddress });
    const streamId = await openNative(offer);
    const created = await paid.create(offer, streamId);
    expect(created.statusCode, created.body).toBe(202);
    expect(created.json().streamId).toBe(streamId);
    const stream = await getStream(chain.publicClient, {
      address: native,
      streamId: toStreamId(streamId),
    });
    expect(stream.recipient).toBe(chain.providerAccount.address);
  });

  test("an offer asked on the GLM StreamPayment is PAYMENT_NOT_ACCEPTED and nothing is signed", async () => {
    const paid = await node(ethSettings());
    const res = await paid.quote(chain.streamPayment);
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: "PAYMENT_NOT_ACCEPTED" });
    expect(res.json().error.hints[0]).toContain("--pay eth");
    expect(paid.harness.db.prepare("SELECT count(*) AS n FROM offers").get()).toEqual({ n: 0 });
  });
});

describe("earnings of a node paid in ETH", () => {
  test("auto-withdraw pays what native streams accrued to the provider, exact to the wei after gas", async () => {
    const settings = chain.settings(ethSettings());
    const paid = await node(ethSettings());
    const offer = (await paid.quote(native)).json() as OfferView;
    const created = await paid.create(offer, await openNative(offer));
    expect(created.statusCode, created.body).toBe(202);
    await chain.time.increase(1000);
    const wallet = await providerWalletOf(settings);
    const provider = chain.providerAccount.address;
    const before = await chain.publicClient.getBalance({ address: provider });
    const offers = paid.harness.offers as NonNullable<typeof paid.harness.offers>;
    const done = await withdrawEarnings({ settings, offers, wallet, minWei: 1n, log: () => {} });
    expect(done.hash).toMatch(/^0x/);
    expect(done.withdrawn).toBeGreaterThanOrEqual(BigInt(offer.offer.ratePerSecond) * 1000n);
    const receipt = await chain.publicClient.getTransactionReceipt({ hash: done.hash as Hex });
    const gas = receipt.gasUsed * receipt.effectiveGasPrice;
    expect(await chain.publicClient.getBalance({ address: provider })).toBe(
      before + done.withdrawn - gas,
    );
  });
});

describe("a node paid in GLM only (the default)", () => {
  test("an offer asked on StreamPaymentNative is PAYMENT_NOT_ACCEPTED and nothing is signed", async () => {
    const glm = await node({});
    const res = await glm.quote(native);
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: "PAYMENT_NOT_ACCEPTED" });
    expect(res.json().error.message).toContain(native);
    expect(res.json().error.hints[0]).toContain("--pay glm");
    expect(glm.harness.db.prepare("SELECT count(*) AS n FROM offers").get()).toEqual({ n: 0 });
  });

  test("attack: a native stream with an offer signed while the node took ETH is PAYMENT_NOT_ACCEPTED, no VM", async () => {
    // The same provider key signed the offer when it was paid in ETH; it now takes GLM only.
    const before = await node(ethSettings());
    const offer = (await before.quote()).json() as OfferView;
    await before.harness.close();
    h = undefined;
    const streamId = await openNative(offer);
    const glm = await node({});
    const res = await glm.create(offer, streamId);
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: "PAYMENT_NOT_ACCEPTED" });
    expect(res.json().error.hints.length).toBeGreaterThan(0);
    expect(glm.harness.service.listVms()).toEqual([]);
  });
});
