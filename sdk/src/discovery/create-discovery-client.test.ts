import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { webSockets } from "@libp2p/websockets";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  TEST_ACCEPT,
  TEST_CHAIN_ID,
  testProvider,
  testSignedAdvert,
} from "../../test-support/test-adverts.ts";
import {
  startTestNetwork,
  stopAll,
  type TestNetwork,
  waitFor,
  wsAddress,
} from "../../test-support/test-network.ts";
import { signedAdvertToJson } from "../advert/advert-schema.ts";
import { ANY_DEPLOYMENT } from "../advert/verify-advert.ts";
import { listAdverts } from "./advert-snapshot.ts";
import { createDiscoveryClient, type DiscoveryClient } from "./create-discovery-client.ts";

const provider = testProvider();
let net: TestNetwork;
const clients: DiscoveryClient[] = [];
const servers: Server[] = [];

/** Serves `body` as JSON on an ephemeral loopback port; returns the base URL. */
async function serveJson(status: number, body: () => unknown): Promise<string> {
  const server = createServer((_request, response) => {
    response.writeHead(status, { "content-type": "application/json" });
    response.end(JSON.stringify(body()));
  });
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("discovery client", () => {
  beforeAll(async () => {
    net = await startTestNetwork({ relays: 2, provider });
    await waitFor(
      () => net.relays.every((r) => r.store.get(provider.address)),
      15_000,
      "advert on relays",
    );
  }, 30_000);

  afterAll(async () => {
    await stopAll([...clients, ...(net?.all ?? [])]);
    for (const server of servers) server.close();
  }, 30_000);

  it("finds providers over WebSockets only (the browser code path, run in Node)", async () => {
    const client = await createDiscoveryClient({
      transports: [webSockets()],
      bootstrap: [wsAddress(net.relays[0] ?? net.provider)],
      accept: TEST_ACCEPT,
    });
    clients.push(client);
    const found = await client.findProviders({ cpu: 2, memoryGiB: 4, chainId: TEST_CHAIN_ID });
    expect(found.map((s) => s.advert.provider)).toEqual([provider.address]);
    expect(await client.findProviders({ cpu: 64 })).toEqual([]);
    expect(client.libp2p.getMultiaddrs()).toEqual([]); // listens nowhere
    for (const connection of client.libp2p.getConnections()) {
      expect(connection.remoteAddr.toString()).toContain("/ws");
    }
    // Live updates arrive by gossip after the first snapshot.
    await net.provider.update({ country: "DE" });
    await waitFor(
      () => client.store.get(provider.address)?.advert.country === "DE",
      10_000,
      "update",
    );
  }, 30_000);

  it("falls back to GET /api/v1/adverts and keeps only adverts that verify", async () => {
    const forged = await testSignedAdvert({
      signer: testProvider(),
      edit: (advert) => ({ ...advert, prices: { ...advert.prices, perCoreHour: 1n } }),
    });
    const good = await serveJson(200, () => ({
      adverts: [...listAdverts(net.provider.store), signedAdvertToJson(forged)],
    }));
    const broken = await serveJson(500, () => ({ error: { code: "INTERNAL", message: "x" } }));
    const client = await createDiscoveryClient({ accept: TEST_ACCEPT, httpUrls: [good, broken] });
    clients.push(client);
    const report = await client.refresh();
    expect(report.fromHttp).toBe(1);
    expect(report.errors).toEqual([expect.stringContaining("HTTP 500")]);
    const found = await client.findProviders();
    expect(found.map((s) => s.advert.provider)).toEqual([provider.address]);
  }, 20_000);

  it("with accept ANY_DEPLOYMENT holds adverts of every chain, still only verified ones", async () => {
    const elsewhere = await testSignedAdvert({
      signer: testProvider(),
      content: { chainId: 11155111, token: "0x0000000000000000000000000000000000000002" },
    });
    const forged = await testSignedAdvert({
      signer: testProvider(),
      content: { chainId: 11155111 },
      edit: (advert) => ({ ...advert, prices: { ...advert.prices, perCoreHour: 1n } }),
    });
    const url = await serveJson(200, () => ({
      adverts: [
        ...listAdverts(net.provider.store),
        signedAdvertToJson(elsewhere),
        signedAdvertToJson(forged),
      ],
    }));
    const narrow = await createDiscoveryClient({ accept: TEST_ACCEPT, httpUrls: [url] });
    // The test network is on loopback: a market-wide listing takes private API hosts only with
    // the explicit dev flag (a dev chain id alone does not unlock them there).
    const wide = await createDiscoveryClient({
      accept: ANY_DEPLOYMENT,
      allowPrivateApiUrls: true,
      httpUrls: [url],
    });
    clients.push(narrow, wide);
    const chainsOf = async (client: DiscoveryClient) =>
      (await client.findProviders()).map((s) => `${s.advert.provider}@${s.advert.chainId}`).sort();
    expect(await chainsOf(narrow)).toEqual([`${provider.address}@${TEST_CHAIN_ID}`]);
    expect(await chainsOf(wide)).toEqual(
      [`${provider.address}@${TEST_CHAIN_ID}`, `${elsewhere.advert.provider}@11155111`].sort(),
    );
    // The chain filter still narrows a wide store unless `all` is set.
    const onSepolia = await wide.findProviders({ chainId: 11155111 });
    expect(onSepolia.map((s) => s.advert.provider)).toEqual([elsewhere.advert.provider]);
    expect(await wide.findProviders({ chainId: 11155111, all: true })).toHaveLength(2);
  }, 20_000);

  it("imports no TCP, node:net or AutoNAT code on the browser path", () => {
    const seen = new Set<string>();
    const banned: string[] = [];
    const walk = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const source = readFileSync(file, "utf8");
      for (const [, spec] of source.matchAll(/^import [^;]*? from "([^"]+)";/gms)) {
        if (!spec) continue;
        if (spec.startsWith(".")) walk(resolve(dirname(file), spec));
        else if (/^(@libp2p\/tcp|@libp2p\/autonat|node:)/.test(spec))
          banned.push(`${file}: ${spec}`);
      }
    };
    walk(fileURLToPath(new URL("./create-discovery-client.ts", import.meta.url)));
    expect(seen.size).toBeGreaterThan(5);
    expect(banned).toEqual([]);
  });
});
