import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, describe, expect, it } from "vitest";
import { testProviderInfo } from "../../test-support/test-provider-info.ts";
import { probeProvider } from "./probe-provider.ts";

// Real HTTP servers on loopback (node:http) standing in for provider APIs: the sdk may not
// import provider-node, so each answers `GET /api/v1/provider/info` the way one case needs.
const provider = privateKeyToAccount(generatePrivateKey()).address;
const stranger = privateKeyToAccount(generatePrivateKey()).address;
const servers: Server[] = [];

const info = (overrides: Record<string, unknown>) =>
  testProviderInfo({ providerId: provider, ...overrides });

async function serve(handler: RequestListener): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function answering(status: number, body: unknown): Promise<string> {
  return serve((req, res) => {
    if (req.url !== "/api/v1/provider/info") return void res.writeHead(404).end();
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  });
}

afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

describe("probeProvider (real HTTP on loopback)", () => {
  it("a provider answering as the advert's signer is reachable, with its round trip", async () => {
    // Reported in lower case: addresses compare case-insensitively.
    const apiUrl = await answering(200, info({ providerId: provider.toLowerCase() }));
    const seen = await probeProvider({ apiUrl, providerId: provider, allowPrivateHosts: true });
    expect(seen).toEqual({ reachable: true, latencyMs: expect.any(Number) });
    expect(seen.reachable && seen.latencyMs).toBeGreaterThanOrEqual(0);
    expect(seen.reachable && seen.latencyMs).toBeLessThan(3000);
  });

  it("a server that accepts but never answers is a timeout, after the timeout", async () => {
    const apiUrl = await serve(() => {});
    const started = performance.now();
    const seen = await probeProvider({
      apiUrl,
      providerId: provider,
      timeoutMs: 300,
      allowPrivateHosts: true,
    });
    const took = performance.now() - started;
    expect(seen).toEqual({ reachable: false, reason: "timeout" });
    expect(took).toBeGreaterThanOrEqual(250);
    expect(took).toBeLessThan(2500);
  });

  it("a closed port is unreachable (connection refused)", async () => {
    const apiUrl = await serve(() => {});
    const last = servers.pop() as Server;
    await new Promise((resolve) => last.close(resolve));
    const seen = await probeProvider({ apiUrl, providerId: provider, allowPrivateHosts: true });
    expect(seen).toMatchObject({ reachable: false, reason: "unreachable", detail: "ECONNREFUSED" });
  });

  it("an API reporting another provider id is the wrong provider", async () => {
    const apiUrl = await answering(200, info({ providerId: stranger }));
    expect(await probeProvider({ apiUrl, providerId: provider, allowPrivateHosts: true })).toEqual({
      reachable: false,
      reason: "wrong-provider",
      reportedProviderId: stranger,
    });
  });

  it("a provider with payments off cannot be rented", async () => {
    const off = await answering(200, info({ paymentsEnabled: false }));
    expect(
      await probeProvider({ apiUrl: off, providerId: provider, allowPrivateHosts: true }),
    ).toEqual({
      reachable: false,
      reason: "payments-off",
    });
    const noId = await answering(200, info({ providerId: null, paymentsEnabled: false }));
    expect(
      await probeProvider({ apiUrl: noId, providerId: provider, allowPrivateHosts: true }),
    ).toMatchObject({
      reason: "payments-off",
    });
  });

  it("never connects to an apiUrl inside the reader's network unless private hosts are allowed", async () => {
    let connections = 0;
    const apiUrl = await answering(200, info({}));
    const server = servers.at(-1) as Server;
    server.on("connection", () => connections++);
    for (const url of [apiUrl, `${apiUrl}/x#`, apiUrl.replace("127.0.0.1", "[::ffff:127.0.0.1]")]) {
      const seen = await probeProvider({ apiUrl: url, providerId: provider });
      expect(seen, url).toMatchObject({ reachable: false, reason: "refused-url" });
    }
    expect(connections).toBe(0);
    // A dev chain's reader allows them (local demo, tests).
    const local = await probeProvider({ apiUrl, providerId: provider, allowPrivateHosts: true });
    expect(local).toMatchObject({ reachable: true });
    expect(connections).toBe(1);
  });

  it("an error status or an answer that is not provider info is an HTTP error", async () => {
    const failing = await answering(500, {
      error: { code: "INTERNAL", message: "boom", hints: [] },
    });
    expect(
      await probeProvider({ apiUrl: failing, providerId: provider, allowPrivateHosts: true }),
    ).toEqual({
      reachable: false,
      reason: "http-error",
      status: 500,
    });
    const elsewhere = await serve((_req, res) => void res.writeHead(404).end("no"));
    expect(
      await probeProvider({ apiUrl: elsewhere, providerId: provider, allowPrivateHosts: true }),
    ).toMatchObject({
      reason: "http-error",
      status: 404,
    });
    const html = await serve((_req, res) => void res.writeHead(200).end("<html></html>"));
    expect(
      await probeProvider({ apiUrl: html, providerId: provider, allowPrivateHosts: true }),
    ).toMatchObject({
      reason: "http-error",
      status: 200,
    });
    const notInfo = await answering(200, { hello: "world" });
    expect(
      await probeProvider({ apiUrl: notInfo, providerId: provider, allowPrivateHosts: true }),
    ).toMatchObject({
      reason: "http-error",
      status: 200,
      detail: "not provider info",
    });
  });
});
