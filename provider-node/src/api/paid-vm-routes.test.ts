import { requestGlmFromFaucet, terminate } from "@vm-on-golem/sdk/contract";
import { toStreamId } from "@vm-on-golem/sdk/stream";
import { type Address, type Hex, keccak256, toHex } from "viem";
import { afterEach, beforeAll, describe, expect, test } from "vitest";
import { type ApiHarness, createApiHarness, testHost } from "../../test/support/api-harness.ts";
import { createPaidChain, type PaidChain, siweSignerOf } from "../../test/support/paid-chain.ts";
import type { PaymentSettings } from "../payments/payment-settings.ts";

// Real chain (in-process Hardhat with the real contracts), real API, real SQLite; the VM
// driver is the fake one because the VM itself is not the subject of these tests.
let chain: PaidChain;
let h: ApiHarness;
beforeAll(async () => {
  chain = await createPaidChain();
}, 120_000);
afterEach(async () => {
  await h?.close();
});

const vmBody = {
  name: "web",
  cpu: 1,
  memoryGiB: 1,
  storageGiB: 2,
  sshPublicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKey test@host",
};

type OfferView = {
  offer: { ratePerSecond: string; provider: Address };
  signature: Hex;
  serviceId: Hex;
};

const call = (method: "GET" | "POST", url: string, authorization?: string, payload?: object) =>
  h.app.inject({
    method,
    url,
    headers: { host: testHost, ...(authorization ? { authorization } : {}) },
    ...(payload ? { payload } : {}),
  });

async function paidNode(overrides: Partial<PaymentSettings> = {}) {
  h = await createApiHarness({ paymentSettings: chain.settings(overrides) });
  const requestor = await h.signIn(siweSignerOf(chain.requestor));
  const quote = async () => {
    const res = await call("POST", "/api/v1/offers", requestor.authorization, {
      cpu: 1,
      memoryGiB: 1,
      storageGiB: 2,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as OfferView;
  };
  const create = (offer: OfferView, streamId: string, name = "web") =>
    call("POST", "/api/v1/vms", requestor.authorization, {
      ...vmBody,
      name,
      offer: { offer: offer.offer, signature: offer.signature },
      streamId,
    });
  return { requestor, quote, create };
}

const rateOf = (offer: OfferView) => BigInt(offer.offer.ratePerSecond);

function expectNothingCreated() {
  expect(h.service.listVms()).toEqual([]);
  expect(h.service.allocatedPorts()).toEqual([]);
  expect(h.driver.states()).toEqual({});
  expect(
    h.db.prepare("SELECT count(*) AS n FROM offers WHERE used_by_vm IS NOT NULL").get(),
  ).toEqual({
    n: 0,
  });
}

async function expectRefused(res: Awaited<ReturnType<typeof call>>, code: string) {
  expect(res.json().error.code, res.body).toBe(code);
  expect(res.statusCode).toBeGreaterThanOrEqual(400);
  expect(res.statusCode).toBeLessThan(500);
  expect(res.json().error.hints.length).toBeGreaterThan(0);
  expectNothingCreated();
}

describe("POST /api/v1/offers", () => {
  test("signs an offer for the signed-in requestor at the configured prices", async () => {
    const node = await paidNode();
    const offer = await node.quote();
    expect(offer.offer).toMatchObject({
      provider: chain.providerAccount.address,
      resources: { cpu: 1, memoryGiB: 1, storageGiB: 2 },
      ratePerSecond: "2200000000",
      chainId: chain.deployment.chainId,
      minRunwaySeconds: 3600,
    });
    expect(h.offers?.get(offer.serviceId)?.usedByVm).toBeNull();
  });

  test("resources that could not be created now are refused and nothing is signed", async () => {
    const node = await paidNode();
    const res = await call("POST", "/api/v1/offers", node.requestor.authorization, {
      cpu: 64,
      memoryGiB: 1,
      storageGiB: 2,
    });
    expect(res.json().error.code).toBe("VM_TOO_LARGE");
    expect(h.db.prepare("SELECT count(*) AS n FROM offers").get()).toEqual({ n: 0 });
  });

  test("without a session it is 401 and signs nothing", async () => {
    await paidNode();
    const res = await call("POST", "/api/v1/offers", undefined, {
      cpu: 1,
      memoryGiB: 1,
      storageGiB: 2,
    });
    expect(res.statusCode).toBe(401);
    expect(h.db.prepare("SELECT count(*) AS n FROM offers").get()).toEqual({ n: 0 });
  });
});

describe("POST /api/v1/vms with payments on: the on-chain check", () => {
  test("a stream that pays for the offer creates the VM and uses the offer", async () => {
    const node = await paidNode();
    const offer = await node.quote();
    const streamId = await chain.openStream(chain.requestor, {
      recipient: chain.providerAccount.address,
      ratePerSecond: rateOf(offer),
      seconds: 7200n,
      serviceId: offer.serviceId,
    });
    const res = await node.create(offer, streamId);
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json().streamId).toBe(streamId);
    expect(h.offers?.get(offer.serviceId)?.usedByVm).toBe(res.json().id);
  });

  test("without offer and streamId it is OFFER_INVALID", async () => {
    const node = await paidNode();
    await expectRefused(
      await call("POST", "/api/v1/vms", node.requestor.authorization, vmBody),
      "OFFER_INVALID",
    );
  });

  test("a stream that does not exist is STREAM_NOT_FOUND", async () => {
    const node = await paidNode();
    await expectRefused(await node.create(await node.quote(), "999999"), "STREAM_NOT_FOUND");
  });

  test("attack: another sender's stream is STREAM_WRONG_SENDER", async () => {
    const node = await paidNode();
    const offer = await node.quote();
    const streamId = await chain.openStream(chain.stranger, {
      recipient: chain.providerAccount.address,
      ratePerSecond: rateOf(offer),
      seconds: 7200n,
      serviceId: offer.serviceId,
    });
    await expectRefused(await node.create(offer, streamId), "STREAM_WRONG_SENDER");
  });

  test("attack: a stream to another recipient is STREAM_WRONG_RECIPIENT", async () => {
    const node = await paidNode();
    const offer = await node.quote();
    const streamId = await chain.openStream(chain.requestor, {
      recipient: chain.stranger.account.address,
      ratePerSecond: rateOf(offer),
      seconds: 7200n,
      serviceId: offer.serviceId,
    });
    await expectRefused(await node.create(offer, streamId), "STREAM_WRONG_RECIPIENT");
  });

  test("attack: a StreamPayment that streams another token is STREAM_WRONG_TOKEN", async () => {
    // A second TestGLM + StreamPayment pair; the node is told its token is the first GLM.
    const otherGlm = await chain.connection.viem.deployContract("TestGLM");
    const other = await chain.connection.viem.deployContract("StreamPayment", [otherGlm.address]);
    await requestGlmFromFaucet(chain.requestor, { token: otherGlm.address });
    const node = await paidNode({ streamPayment: other.address });
    const offer = await node.quote();
    const streamId = await chain.openStream(chain.requestor, {
      recipient: chain.providerAccount.address,
      ratePerSecond: rateOf(offer),
      seconds: 7200n,
      serviceId: offer.serviceId,
      streamPayment: other.address,
    });
    await expectRefused(await node.create(offer, streamId), "STREAM_WRONG_TOKEN");
  });

  test("attack: a serviceId this provider never signed is OFFER_UNKNOWN", async () => {
    const node = await paidNode();
    const offer = await node.quote();
    const streamId = await chain.openStream(chain.requestor, {
      recipient: chain.providerAccount.address,
      ratePerSecond: rateOf(offer),
      seconds: 7200n,
      serviceId: keccak256(toHex("an offer nobody signed")),
    });
    await expectRefused(await node.create(offer, streamId), "OFFER_UNKNOWN");
  });

  test("attack: a stream paying for another offer than the one sent is OFFER_UNKNOWN", async () => {
    const node = await paidNode();
    const paidFor = await node.quote();
    const sent = await node.quote();
    const streamId = await chain.openStream(chain.requestor, {
      recipient: chain.providerAccount.address,
      ratePerSecond: rateOf(paidFor),
      seconds: 7200n,
      serviceId: paidFor.serviceId,
    });
    await expectRefused(await node.create(sent, streamId), "OFFER_UNKNOWN");
  });

  test("attack: one stream reused for a second VM is STREAM_ALREADY_USED", async () => {
    const node = await paidNode();
    const offer = await node.quote();
    const streamId = await chain.openStream(chain.requestor, {
      recipient: chain.providerAccount.address,
      ratePerSecond: rateOf(offer),
      seconds: 7200n,
      serviceId: offer.serviceId,
    });
    const first = await node.create(offer, streamId, "first");
    expect(first.statusCode, first.body).toBe(202);
    const ports = h.service.allocatedPorts();
    const second = await node.create(offer, streamId, "second");
    expect(second.json().error.code, second.body).toBe("STREAM_ALREADY_USED");
    expect(h.service.listVms().map((vm) => vm.name)).toEqual(["first"]);
    expect(h.service.allocatedPorts()).toEqual(ports);
  });

  test("attack: an expired offer is OFFER_EXPIRED", async () => {
    const node = await paidNode();
    const offer = await node.quote();
    const streamId = await chain.openStream(chain.requestor, {
      recipient: chain.providerAccount.address,
      ratePerSecond: rateOf(offer),
      seconds: 7200n,
      serviceId: offer.serviceId,
    });
    h.clock.offsetMs = 601_000;
    await expectRefused(await node.create(offer, streamId), "OFFER_EXPIRED");
  });

  test("attack: a rate below the offer's is STREAM_RATE_TOO_LOW", async () => {
    const node = await paidNode();
    const offer = await node.quote();
    const streamId = await chain.openStream(chain.requestor, {
      recipient: chain.providerAccount.address,
      ratePerSecond: rateOf(offer) - 1n,
      seconds: 7200n,
      serviceId: offer.serviceId,
    });
    await expectRefused(await node.create(offer, streamId), "STREAM_RATE_TOO_LOW");
  });

  test("attack: runway below the minimum is STREAM_UNDERFUNDED", async () => {
    const node = await paidNode();
    const offer = await node.quote();
    const streamId = await chain.openStream(chain.requestor, {
      recipient: chain.providerAccount.address,
      ratePerSecond: rateOf(offer),
      seconds: 600n,
      serviceId: offer.serviceId,
    });
    await expectRefused(await node.create(offer, streamId), "STREAM_UNDERFUNDED");
  });

  test("attack: a terminated stream is STREAM_CLOSED", async () => {
    const node = await paidNode();
    const offer = await node.quote();
    const streamId = await chain.openStream(chain.requestor, {
      recipient: chain.providerAccount.address,
      ratePerSecond: rateOf(offer),
      seconds: 7200n,
      serviceId: offer.serviceId,
    });
    await terminate(chain.requestor, {
      address: chain.streamPayment,
      streamId: toStreamId(streamId),
    });
    await expectRefused(await node.create(offer, streamId), "STREAM_CLOSED");
  });

  test("attack: a request without a session is 401 and creates nothing", async () => {
    const node = await paidNode();
    const offer = await node.quote();
    const streamId = await chain.openStream(chain.requestor, {
      recipient: chain.providerAccount.address,
      ratePerSecond: rateOf(offer),
      seconds: 7200n,
      serviceId: offer.serviceId,
    });
    const res = await call("POST", "/api/v1/vms", undefined, {
      ...vmBody,
      offer: { offer: offer.offer, signature: offer.signature },
      streamId,
    });
    expect(res.statusCode).toBe(401);
    await expectRefused(res, "UNAUTHENTICATED");
  });
});
