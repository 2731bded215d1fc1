import { afterEach, beforeAll, describe, expect, test } from "vitest";
import { type ApiHarness, createApiHarness, testHost } from "../../test/support/api-harness.ts";
import { createPaidChain, type PaidChain, siweSignerOf } from "../../test/support/paid-chain.ts";
import { randomAccount } from "../../test/support/siwe.ts";

// Real chain settings and payment key, real API and SQLite; the VM driver is the TEST-ONLY
// fake one (no VM is made). Every offer is a real EIP-712 signature and a real row.
let chain: PaidChain;
let h: ApiHarness;
beforeAll(async () => {
  chain = await createPaidChain();
}, 120_000);
afterEach(async () => {
  await h?.close();
});

const size = { cpu: 1, memoryGiB: 1, storageGiB: 2 };
const offerRows = () => (h.db.prepare("SELECT count(*) AS n FROM offers").get() as { n: number }).n;
const quote = (authorization: string, remoteAddress = "127.0.0.1") =>
  h.app.inject({
    method: "POST",
    url: "/api/v1/offers",
    headers: { host: testHost, authorization },
    payload: size,
    remoteAddress,
  });

describe("attack: flooding POST /api/v1/offers (a signing and database-write endpoint)", () => {
  test("one session is RATE_LIMITED past the per-address limit, and nothing past it is signed or stored", async () => {
    h = await createApiHarness({
      paymentSettings: chain.settings({ maxOpenOffersPerRequestor: 1000 }),
      api: { offerRateLimitPerMinute: 5, offerRateLimitPerMinutePerIp: 1000 },
    });
    const { authorization } = await h.signIn(siweSignerOf(chain.requestor));
    const answers = [];
    for (let i = 0; i < 40; i++) answers.push(await quote(authorization));
    expect(answers.filter((r) => r.statusCode === 201)).toHaveLength(5);
    const limited = answers.filter((r) => r.statusCode === 429);
    expect(limited).toHaveLength(35);
    expect(limited[0]?.json().error).toMatchObject({
      code: "RATE_LIMITED",
      message: expect.stringContaining("at most 5 per 1 minute"),
      details: { retryAfterSeconds: expect.any(Number) },
    });
    expect(offerRows()).toBe(5);
  });

  test("throwaway sessions from one IP hit the per-IP limit; another IP is not held back", async () => {
    h = await createApiHarness({
      paymentSettings: chain.settings({ maxOpenOffersPerRequestor: 1000 }),
      api: { offerRateLimitPerMinute: 5, offerRateLimitPerMinutePerIp: 8 },
    });
    const sessions = [];
    for (let i = 0; i < 4; i++) sessions.push((await h.signIn(randomAccount())).authorization);
    let signed = 0;
    for (let round = 0; round < 5; round++) {
      for (const authorization of sessions) {
        if ((await quote(authorization, "10.0.0.66")).statusCode === 201) signed++;
      }
    }
    expect(signed).toBe(8);
    expect(offerRows()).toBe(8);
    const honest = await h.signIn(siweSignerOf(chain.requestor));
    expect((await quote(honest.authorization, "10.0.0.7")).statusCode).toBe(201);
  });

  test("a requestor holding the most open offers is refused OFFERS_TOO_MANY until one expires or is used; others are not", async () => {
    h = await createApiHarness({
      paymentSettings: chain.settings({ maxOpenOffersPerRequestor: 3 }),
      api: { offerRateLimitPerMinute: 1000, offerRateLimitPerMinutePerIp: 1000 },
    });
    const { authorization } = await h.signIn(siweSignerOf(chain.requestor));
    for (let i = 0; i < 3; i++) expect((await quote(authorization)).statusCode).toBe(201);
    const refused = await quote(authorization);
    expect(refused.statusCode, refused.body).toBe(429);
    expect(refused.json().error).toMatchObject({
      code: "OFFERS_TOO_MANY",
      message: expect.stringContaining("3 open offers"),
      hints: [expect.stringContaining("600 s")],
    });
    expect(offerRows()).toBe(3);
    const other = await h.signIn(siweSignerOf(chain.stranger));
    expect((await quote(other.authorization)).statusCode).toBe(201);
    // Past the TTL the three are no longer open: the requestor may quote again.
    h.clock.offsetMs = 601_000;
    const again = await h.signIn(siweSignerOf(chain.requestor));
    expect((await quote(again.authorization)).statusCode).toBe(201);
  });
});
