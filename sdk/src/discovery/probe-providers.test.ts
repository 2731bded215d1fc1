import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Address } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, describe, expect, it } from "vitest";
import { testProviderInfo } from "../../test-support/test-provider-info.ts";
import { DEFAULT_PROBE_CONCURRENCY, probeProviders } from "./probe-providers.ts";

// Real HTTP servers on loopback standing in for provider APIs (the sdk may not import
// provider-node). Each answers provider/info after a short delay so probes overlap.
const servers: Server[] = [];
let open = 0;
let maxOpen = 0;
let requests = 0;

async function slowProvider(providerId: Address): Promise<string> {
  const server = createServer((_req, res) => {
    requests++;
    setTimeout(() => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(testProviderInfo({ providerId })));
    }, 20);
  });
  server.on("connection", (socket) => {
    open++;
    maxOpen = Math.max(maxOpen, open);
    socket.on("close", () => open--);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

describe("probeProviders (real HTTP on loopback, sockets counted at the servers)", () => {
  it("a listing of 400 adverts never has more than K sockets open at once", async () => {
    const providerId = privateKeyToAccount(generatePrivateKey()).address;
    // 40 distinct origins (ports), 10 adverts each: idle keep-alive sockets would pile up per origin.
    const origins = await Promise.all(Array.from({ length: 40 }, () => slowProvider(providerId)));
    const targets = Array.from({ length: 400 }, (_, i) => ({
      apiUrl: origins[i % origins.length] as string,
      providerId,
    }));
    for (const concurrency of [8, undefined]) {
      maxOpen = 0;
      requests = 0;
      const seen = await probeProviders({ targets, concurrency, allowPrivateHosts: true });
      expect(seen).toHaveLength(targets.length);
      expect(seen.every((s) => s.reachable)).toBe(true);
      expect(requests).toBe(targets.length);
      expect(maxOpen).toBeGreaterThan(0);
      expect(maxOpen).toBeLessThanOrEqual(concurrency ?? DEFAULT_PROBE_CONCURRENCY);
      // Sockets are closed after each answer, not left idle for the next origin's turn.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(open).toBe(0);
    }
  }, 60_000);

  it("refuses private apiUrls without a socket and keeps results in the targets' order", async () => {
    const providerId = privateKeyToAccount(generatePrivateKey()).address;
    const origin = await slowProvider(providerId);
    maxOpen = 0;
    requests = 0;
    const seen = await probeProviders({
      targets: [
        { apiUrl: origin, providerId },
        { apiUrl: "http://169.254.169.254/", providerId },
      ],
    });
    expect(seen.map((s) => s.reachable || s.reason)).toEqual(["refused-url", "refused-url"]);
    expect(requests).toBe(0);
    expect(maxOpen).toBe(0);
  });
});
