import { afterEach, describe, expect, test } from "vitest";
import { type ApiHarness, createApiHarness, testHost } from "../../test/support/api-harness.ts";
import { randomAccount, signSiwe } from "../../test/support/siwe.ts";

let h: ApiHarness;
afterEach(async () => {
  await h?.close();
});

const nonceOf = async (host = testHost) =>
  (await h.app.inject({ method: "POST", url: "/api/v1/auth/nonce", headers: { host } })).json();

describe("SIWE sign-in", () => {
  test("nonce names the domain the client used; verify trades a signed message for a session", async () => {
    h = await createApiHarness();
    const nonce = await nonceOf();
    expect(nonce).toMatchObject({
      domain: testHost,
      uri: `http://${testHost}`,
      chainId: 31_337,
      statement: "Sign in to test-provider to rent and manage VMs.",
    });
    expect(nonce.nonce).toMatch(/^[A-Za-z0-9]{8,}$/);
    const account = randomAccount();
    const signed = await signSiwe({ account, ...nonce });
    const res = await h.app.inject({
      method: "POST",
      url: "/api/v1/auth/verify",
      headers: { host: testHost },
      payload: signed,
    });
    expect(res.statusCode).toBe(200);
    const session = res.json();
    expect(session.address).toBe(account.address.toLowerCase());
    expect(session.token).toMatch(/^[0-9a-f]{64}$/);
    expect(Date.parse(session.expiresAt) - Date.now()).toBeGreaterThan(3500_000);
  });

  test("refuses a message signed for another domain, and a replayed one", async () => {
    h = await createApiHarness();
    const nonce = await nonceOf();
    const account = randomAccount();
    const elsewhere = await signSiwe({ account, ...nonce, domain: "evil.test" });
    const wrong = await h.app.inject({
      method: "POST",
      url: "/api/v1/auth/verify",
      headers: { host: testHost },
      payload: elsewhere,
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error).toMatchObject({ code: "SIWE_INVALID" });

    const signed = await signSiwe({ account, ...nonce });
    const send = () =>
      h.app.inject({
        method: "POST",
        url: "/api/v1/auth/verify",
        headers: { host: testHost },
        payload: signed,
      });
    expect((await send()).statusCode).toBe(200);
    const replay = await send();
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error.message).toBe("the nonce was already used");
  });

  test("the nonce names the provider's domain whatever Host was sent; a local client's own name is kept", async () => {
    h = await createApiHarness({ api: { siweDomain: "provider.example.org" } });
    expect((await nonceOf("10.0.0.5:7466")).domain).toBe("provider.example.org");
    expect((await nonceOf("evil.example")).uri).toBe("http://provider.example.org");
    // inject() connects from 127.0.0.1: the API's loopback names are this provider's too.
    expect((await nonceOf("127.0.0.1:7466")).domain).toBe("127.0.0.1:7466");
    expect((await nonceOf("127.0.0.1:9999")).domain).toBe("provider.example.org");
  });

  test("refuses a message for the Host header's domain when that is not the provider's", async () => {
    h = await createApiHarness({ api: { siweDomain: "provider.example.org" } });
    const nonce = await nonceOf("evil.example");
    const signed = await signSiwe({ account: randomAccount(), ...nonce, domain: "evil.example" });
    const res = await h.app.inject({
      method: "POST",
      url: "/api/v1/auth/verify",
      headers: { host: "evil.example" },
      payload: signed,
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.message).toMatch(/is for evil.example, not this provider/);
    expect(h.db.prepare("SELECT COUNT(*) AS n FROM sessions").get()).toEqual({ n: 0 });
  });

  test("refuses a malformed body with VALIDATION_FAILED naming the field", async () => {
    h = await createApiHarness();
    const res = await h.app.inject({
      method: "POST",
      url: "/api/v1/auth/verify",
      headers: { host: testHost },
      payload: { message: "x", signature: "nope" },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      code: "VALIDATION_FAILED",
      details: { in: "body", fields: [{ path: "signature" }] },
    });
  });

  test("rate-limits the sign-in routes with RATE_LIMITED", async () => {
    h = await createApiHarness({ api: { authRateLimitPerMinute: 3 } });
    const codes = [];
    for (let i = 0; i < 4; i++) {
      codes.push((await h.app.inject({ method: "POST", url: "/api/v1/auth/nonce" })).statusCode);
    }
    expect(codes).toEqual([200, 200, 200, 429]);
    const limited = await h.app.inject({ method: "POST", url: "/api/v1/auth/nonce" });
    expect(limited.json().error).toMatchObject({ code: "RATE_LIMITED" });
    // Other routes are not limited.
    expect((await h.app.inject({ method: "GET", url: "/api/v1/health" })).statusCode).toBe(200);
  });
});
