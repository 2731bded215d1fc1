import { describe, expect, it } from "vitest";
import {
  TEST_ACCEPT,
  TEST_CHAIN_ID,
  TEST_STREAM_PAYMENT,
  TEST_TOKEN,
  testAdvertContent,
  testProvider,
  testSignedAdvert,
} from "../../test-support/test-adverts.ts";
import { isGolemError } from "../errors/golem-error.ts";
import { advertError } from "./advert-error.ts";
import { decodeSignedAdvert, encodeSignedAdvert, signedAdvertToJson } from "./advert-schema.ts";
import { buildAdvert, signAdvert } from "./sign-advert.ts";
import { ANY_DEPLOYMENT, verifyAdvert } from "./verify-advert.ts";

const now = () => Math.floor(Date.now() / 1000);

describe("signAdvert / verifyAdvert", () => {
  it("accepts an advert signed by its provider, from bytes, JSON and code", async () => {
    const signer = testProvider();
    const signed = await testSignedAdvert({ signer });
    for (const input of [encodeSignedAdvert(signed), signedAdvertToJson(signed), signed]) {
      const result = await verifyAdvert(input, { accept: TEST_ACCEPT });
      expect(result.ok && result.advert.provider).toBe(signer.address);
    }
  });

  it("keeps prices as bigint in code and decimal strings on the wire", async () => {
    const signed = await testSignedAdvert({ signer: testProvider() });
    const json = signedAdvertToJson(signed);
    expect(json.advert.prices.perCoreHour).toBe("10000000000000000");
    const decoded = decodeSignedAdvert(JSON.parse(JSON.stringify(json)));
    expect(decoded.ok && decoded.signed.advert.prices.perCoreHour).toBe(10n ** 16n);
  });

  it("refuses a forged advert (provider changed after signing)", async () => {
    const other = testProvider();
    const signed = await testSignedAdvert({
      signer: testProvider(),
      edit: (advert) => ({ ...advert, provider: other.address }),
    });
    const result = await verifyAdvert(signed, { accept: TEST_ACCEPT });
    expect(result).toMatchObject({ ok: false, reason: "BAD_SIGNATURE" });
  });

  it("refuses a tampered price", async () => {
    const signed = await testSignedAdvert({
      signer: testProvider(),
      edit: (advert) => ({ ...advert, prices: { ...advert.prices, perCoreHour: 1n } }),
    });
    expect(await verifyAdvert(signed, { accept: TEST_ACCEPT })).toMatchObject({
      reason: "BAD_SIGNATURE",
    });
  });

  it("signs maxPublishedPorts when present: stripped or changed, the signature fails; absent (older nodes), it verifies", async () => {
    const signer = testProvider();
    const signed = await testSignedAdvert({ signer, content: { maxPublishedPorts: 4 } });
    const verified = await verifyAdvert(signedAdvertToJson(signed), { accept: TEST_ACCEPT });
    expect(verified.ok && verified.advert.maxPublishedPorts).toBe(4);
    for (const edit of [
      ({ maxPublishedPorts: _, ...advert }: typeof signed.advert) => advert,
      (advert: typeof signed.advert) => ({ ...advert, maxPublishedPorts: 16 }),
    ]) {
      const tampered = { ...signed, advert: edit(signed.advert) };
      expect(await verifyAdvert(tampered, { accept: TEST_ACCEPT })).toMatchObject({
        reason: "BAD_SIGNATURE",
      });
    }
    const { maxPublishedPorts: _, ...content } = testAdvertContent();
    const older = await signAdvert({
      signer,
      advert: buildAdvert({ provider: signer.address, content, ttlSeconds: 600, sequence: 1 }),
    });
    const result = await verifyAdvert(signedAdvertToJson(older), { accept: TEST_ACCEPT });
    expect(result.ok && result.advert.maxPublishedPorts).toBeUndefined();
  });

  it("signs libp2pApi when present, with or without maxPublishedPorts: stripped or changed, the signature fails", async () => {
    const signer = testProvider();
    for (const maxPublishedPorts of [undefined, 4]) {
      const signed = await testSignedAdvert({
        signer,
        content: { maxPublishedPorts, libp2pApi: "/http/1.1" },
      });
      const verified = await verifyAdvert(signedAdvertToJson(signed), { accept: TEST_ACCEPT });
      expect(verified.ok && verified.advert.libp2pApi).toBe("/http/1.1");
      for (const edit of [
        ({ libp2pApi: _, ...advert }: typeof signed.advert) => advert,
        (advert: typeof signed.advert) => ({ ...advert, libp2pApi: "/http/2" }),
      ]) {
        const tampered = { ...signed, advert: edit(signed.advert) };
        expect(await verifyAdvert(tampered, { accept: TEST_ACCEPT })).toMatchObject({
          reason: "BAD_SIGNATURE",
        });
      }
    }
  });

  it("refuses an advert whose multiaddrs name another peer than its peerId", async () => {
    const signed = await testSignedAdvert({ signer: testProvider() });
    const other = "12D3KooWLPGkRuojxVgXBNtt7Z83enSdvHxErDqaTPpejA2LnDGT";
    const lying = await testSignedAdvert({
      signer: testProvider(),
      content: { multiaddrs: [`/ip4/127.0.0.1/tcp/4001/p2p/${other}`] },
    });
    expect(signed.advert.peerId).not.toBe(other);
    expect(await verifyAdvert(lying, { accept: TEST_ACCEPT })).toMatchObject({
      ok: false,
      reason: "MALFORMED",
      message: expect.stringContaining("another peer"),
    });
  });

  it("refuses another chain and another contract", async () => {
    const signed = await testSignedAdvert({ signer: testProvider(), content: { chainId: 1 } });
    expect(await verifyAdvert(signed, { accept: TEST_ACCEPT })).toMatchObject({
      reason: "WRONG_CHAIN",
    });
    const elsewhere = await testSignedAdvert({
      signer: testProvider(),
      content: { streamPayment: "0x0000000000000000000000000000000000000001" },
    });
    expect(await verifyAdvert(elsewhere, { accept: TEST_ACCEPT })).toMatchObject({
      reason: "WRONG_CONTRACT",
    });
  });

  it("with several deployments of one chain accepted, takes an advert matching any one of them in contract and token", async () => {
    const native = "0x0000000000000000000000000000000000000001";
    const zero = "0x0000000000000000000000000000000000000000";
    const accept = [
      { chainId: TEST_CHAIN_ID, streamPayment: TEST_STREAM_PAYMENT, token: TEST_TOKEN },
      { chainId: TEST_CHAIN_ID, streamPayment: native, token: zero },
    ] as const;
    const paidInEth = await testSignedAdvert({
      signer: testProvider(),
      content: { streamPayment: native, token: zero },
    });
    expect((await verifyAdvert(paidInEth, { accept })).ok).toBe(true);
    expect(
      (await verifyAdvert(await testSignedAdvert({ signer: testProvider() }), { accept })).ok,
    ).toBe(true);
    // The native contract with the other deployment's token is neither.
    const mixed = await testSignedAdvert({
      signer: testProvider(),
      content: { streamPayment: native, token: TEST_TOKEN },
    });
    expect(await verifyAdvert(mixed, { accept })).toMatchObject({ reason: "WRONG_CONTRACT" });
  });

  it("accepts every chain and contract with ANY_DEPLOYMENT, but still checks the signature", async () => {
    const signer = testProvider();
    const elsewhere = await testSignedAdvert({
      signer,
      content: {
        chainId: 424242,
        apiUrl: "https://p.example.com",
        streamPayment: "0x0000000000000000000000000000000000000001",
        token: "0x0000000000000000000000000000000000000002",
      },
    });
    const result = await verifyAdvert(elsewhere, { accept: ANY_DEPLOYMENT });
    expect(result.ok && result.advert.chainId).toBe(424242);
    const forged = await testSignedAdvert({
      signer: testProvider(),
      content: { chainId: 424242, apiUrl: "https://p.example.com" },
      edit: (advert) => ({ ...advert, provider: signer.address }),
    });
    expect(await verifyAdvert(forged, { accept: ANY_DEPLOYMENT })).toMatchObject({
      reason: "BAD_SIGNATURE",
    });
    const expired = await testSignedAdvert({
      signer,
      content: { chainId: 424242, apiUrl: "https://p.example.com" },
      issuedAt: now() - 700,
      ttlSeconds: 600,
    });
    expect(await verifyAdvert(expired, { accept: ANY_DEPLOYMENT })).toMatchObject({
      reason: "EXPIRED",
    });
  });

  it("refuses expired, future and too long-lived adverts", async () => {
    const signer = testProvider();
    const expired = await testSignedAdvert({ signer, issuedAt: now() - 700, ttlSeconds: 600 });
    expect(await verifyAdvert(expired, { accept: TEST_ACCEPT })).toMatchObject({
      reason: "EXPIRED",
    });
    const future = await testSignedAdvert({ signer, issuedAt: now() + 300 });
    expect(await verifyAdvert(future, { accept: TEST_ACCEPT })).toMatchObject({
      reason: "NOT_YET_VALID",
    });
    const skewed = await testSignedAdvert({ signer, issuedAt: now() + 60 });
    expect((await verifyAdvert(skewed, { accept: TEST_ACCEPT })).ok).toBe(true);
    const long = await testSignedAdvert({ signer, ttlSeconds: 2 * 3600 });
    expect(await verifyAdvert(long, { accept: TEST_ACCEPT })).toMatchObject({
      reason: "TTL_TOO_LONG",
    });
  });

  it("refuses malformed input with the field's name", async () => {
    expect(
      await verifyAdvert(new TextEncoder().encode("{"), { accept: TEST_ACCEPT }),
    ).toMatchObject({
      reason: "MALFORMED",
    });
    const json = signedAdvertToJson(await testSignedAdvert({ signer: testProvider() }));
    const bad = { ...json, advert: { ...json.advert, country: "Poland" } };
    const result = await verifyAdvert(bad, { accept: TEST_ACCEPT });
    expect(result.ok === false && result.message).toContain("country");
  });

  it("will not sign for another provider or with a bad field", async () => {
    const signer = testProvider();
    const advert = buildAdvert({
      provider: testProvider().address,
      content: testAdvertContent(),
      ttlSeconds: 60,
      sequence: 1,
    });
    await expect(signAdvert({ signer, advert })).rejects.toSatisfy((e) => isGolemError(e));
    const bad = { ...advert, provider: signer.address, country: "pl" };
    await expect(signAdvert({ signer, advert: bad })).rejects.toThrow(/country/);
  });

  it("maps refusals to GolemError codes in one place", () => {
    expect(advertError("WRONG_CHAIN", "x").code).toBe("CHAIN_MISMATCH");
    const error = advertError("EXPIRED", "advert expired");
    expect(error.toJSON().error).toMatchObject({
      code: "VALIDATION_FAILED",
      details: { reason: "EXPIRED" },
    });
    expect(TEST_CHAIN_ID).toBe(31337);
  });
});
