import { afterEach, expect, test } from "vitest";
import { type ApiHarness, createApiHarness, testHost } from "../../test/support/api-harness.ts";
import { randomAccount } from "../../test/support/siwe.ts";

let h: ApiHarness;
afterEach(async () => {
  await h?.close();
});

test("unknown routes answer NOT_FOUND in the envelope", async () => {
  h = await createApiHarness();
  const res = await h.app.inject({ method: "GET", url: "/api/v1/nope?x=1" });
  expect(res.statusCode).toBe(404);
  expect(res.json()).toEqual({
    error: {
      code: "NOT_FOUND",
      message: "no route GET /api/v1/nope",
      hints: ["check the URL and the API version (/api/v1)"],
    },
  });
});

test("an unexpected failure is INTERNAL with no internals in the answer", async () => {
  h = await createApiHarness({
    providerInfo: async () => {
      throw new Error("secret: /var/lib/golem/key.json unreadable");
    },
  });
  const res = await h.app.inject({ method: "GET", url: "/api/v1/provider/info" });
  expect(res.statusCode).toBe(500);
  expect(res.json().error).toEqual({
    code: "INTERNAL",
    message: "the provider hit an internal error",
    hints: ["this is a bug: report it with the command and its output"],
  });
  expect(res.body).not.toContain("secret");
  expect(res.body).not.toContain("at ");
});

test("bad JSON and too large bodies are VALIDATION_FAILED with their HTTP status", async () => {
  h = await createApiHarness({ api: { bodyLimitBytes: 2048 } });
  const { authorization } = await h.signIn(randomAccount());
  const headers = { host: testHost, authorization, "content-type": "application/json" };
  const bad = await h.app.inject({ method: "POST", url: "/api/v1/vms", headers, payload: "{nope" });
  expect(bad.statusCode).toBe(400);
  expect(bad.json().error.code).toBe("VALIDATION_FAILED");
  const big = await h.app.inject({
    method: "POST",
    url: "/api/v1/vms",
    headers,
    payload: JSON.stringify({ cloudInit: "x".repeat(4096) }),
  });
  expect(big.statusCode).toBe(413);
  expect(big.json().error.code).toBe("VALIDATION_FAILED");
});

test("provider info is public and serves the documented shape", async () => {
  h = await createApiHarness();
  const res = await h.app.inject({ method: "GET", url: "/api/v1/provider/info" });
  expect(res.statusCode).toBe(200);
  expect(res.json()).toMatchObject({
    providerId: null,
    driver: { name: "fake", usable: true },
    prices: null,
    apiExtensions: ["siwe-auth"],
  });
});

test("OpenAPI JSON at /docs/json lists every route, and /docs serves the UI", async () => {
  h = await createApiHarness();
  const spec = (await h.app.inject({ method: "GET", url: "/docs/json" })).json();
  expect(spec.openapi).toMatch(/^3\./);
  expect(Object.keys(spec.paths).sort()).toEqual([
    "/api/v1/adverts",
    "/api/v1/auth/nonce",
    "/api/v1/auth/verify",
    "/api/v1/health",
    "/api/v1/offers",
    "/api/v1/payments/streams",
    "/api/v1/provider/info",
    "/api/v1/vms",
    "/api/v1/vms/{id}",
    "/api/v1/vms/{id}/access",
    "/api/v1/vms/{id}/console",
    "/api/v1/vms/{id}/start",
    "/api/v1/vms/{id}/stats",
    "/api/v1/vms/{id}/stop",
    "/api/v1/vms/{id}/stream",
  ]);
  expect(
    spec.paths["/api/v1/vms"].post.requestBody.content["application/json"].schema.properties,
  ).toHaveProperty("sshPublicKey");
  const ui = await h.app.inject({ method: "GET", url: "/docs/" });
  expect(ui.statusCode).toBe(200);
  expect(ui.headers["content-type"]).toMatch(/text\/html/);
});

test("CORS answers only configured origins", async () => {
  h = await createApiHarness({ api: { corsOrigins: ["https://dapp.example"] } });
  const preflight = (origin: string) =>
    h.app.inject({
      method: "OPTIONS",
      url: "/api/v1/vms",
      headers: { origin, "access-control-request-method": "POST" },
    });
  expect((await preflight("https://dapp.example")).headers["access-control-allow-origin"]).toBe(
    "https://dapp.example",
  );
  expect(
    (await preflight("https://evil.example")).headers["access-control-allow-origin"],
  ).toBeUndefined();
});
