import { mkdir, mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { verifyAdvert } from "@vm-on-golem/sdk/advert";
import { createDiscoveryClient, type DiscoveryClient } from "@vm-on-golem/sdk/discovery";
import { type AdvertNode, createAdvertNode } from "@vm-on-golem/sdk/discovery/node";
import {
  TEST_ACCEPT,
  TEST_CHAIN_ID,
  TEST_STREAM_PAYMENT,
  TEST_TOKEN,
  testAdvertContent,
  testProvider,
} from "@vm-on-golem/sdk/test-support/test-adverts";
import {
  LOOPBACK_LISTEN,
  tcpAddress,
  waitFor,
  wsAddress,
} from "@vm-on-golem/sdk/test-support/test-network";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { freePortRange } from "../../../scripts/lib/free-port.ts";
import { loadProviderConfig } from "../config/load-provider-config.ts";
import type { ProviderConfig } from "../config/provider-config.ts";
import type { ResourceBudget } from "../resources/resource-budget.ts";
import { type NodeDiscovery, startNodeDiscovery } from "./start-node-discovery.ts";

// Real libp2p on loopback: the provider's discovery, a second provider node that serves
// dial-back for loopback targets (allowed for tests only), and a requestor's discovery client
// over WebSockets. Only the API is a bare TCP listener: reachability is about its port.
const account = testProvider();
const settings = {
  chainId: TEST_CHAIN_ID,
  streamPayment: TEST_STREAM_PAYMENT,
  token: TEST_TOKEN,
  prices: { perCoreHour: 3600n, perGiBMemoryHour: 720n, perGiBDiskHour: 36n },
};
let free = { cpu: 6, memoryMib: 12 * 1024, storageGib: 180 };
const budget = async (): Promise<ResourceBudget> => ({
  total: { cpu: 8, memoryMib: 16 * 1024, storageGib: 200 },
  limit: { cpu: 7, memoryMib: 14 * 1024, storageGib: 190 },
  reserved: { cpu: 0, memoryMib: 0, storageGib: 0 },
  free,
  vms: { max: 10, used: 0, free: 10 },
});

let dir: string;
let api: Server;
let checker: AdvertNode;
let client: DiscoveryClient | undefined;
const started: NodeDiscovery[] = [];

async function configWith(discovery: Record<string, unknown>): Promise<ProviderConfig> {
  const ssh = await freePortRange(5);
  const { config } = await loadProviderConfig({
    homeDir: dir,
    flags: {
      dataDir: join(dir, `data-${started.length}`),
      country: "SE",
      api: { host: "127.0.0.1", port: (api.address() as AddressInfo).port },
      ssh: { bindHost: "127.0.0.1", portRangeStart: ssh, portRangeEnd: ssh + 5 },
      discovery: { listenHost: "127.0.0.1", tcpPort: 0, wsPort: 0, webrtcPort: 0, ...discovery },
    },
  });
  return config;
}

async function start(discovery: Record<string, unknown>): Promise<NodeDiscovery> {
  const config = await configWith(discovery);
  await mkdir(config.dataDir, { recursive: true });
  const node = await startNodeDiscovery({
    config,
    account,
    settings,
    budget,
    allocatedPorts: () => [],
    log: () => {},
    platform: "x86_64",
    reachabilityWaitMs: 15_000,
  });
  started.push(node);
  return node;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "discovery-"));
  api = createServer((socket) => socket.end());
  await new Promise<void>((done) => api.listen(0, "127.0.0.1", done));
  const { peerId: _p, multiaddrs: _m, ...content } = testAdvertContent();
  checker = await createAdvertNode({
    signer: testProvider(),
    content,
    accept: TEST_ACCEPT,
    listen: LOOPBACK_LISTEN,
    autonat: false,
    dialBack: { allowPrivateTargets: true, perIpPerMinute: 100 },
  });
});
afterAll(async () => {
  await client?.stop();
  await Promise.allSettled(started.map((node) => node.stop()));
  await checker?.stop();
  api?.close();
  await rm(dir, { recursive: true, force: true });
});

describe("provider discovery on real libp2p (loopback)", () => {
  test("a requestor's client receives the verified advert, and the new one after free resources change", async () => {
    const node = await start({ bootstrap: [tcpAddress(checker)], verifyReachability: false });
    client = await createDiscoveryClient({
      bootstrap: [wsAddress(node.node)],
      accept: TEST_ACCEPT,
    });
    await waitFor(() => client?.store.get(account.address) !== undefined, 15_000, "advert");
    const first = client.store.get(account.address);
    expect(first?.advert).toMatchObject({
      provider: account.address,
      peerId: node.peerId,
      apiUrl: `http://127.0.0.1:${(api.address() as AddressInfo).port}`,
      country: "SE",
      platform: "x86_64",
      chainId: TEST_CHAIN_ID,
      prices: settings.prices,
      resources: {
        total: { cpu: 7, memoryGiB: 14, storageGiB: 190 },
        free: { cpu: 6, memoryGiB: 12, storageGiB: 180 },
      },
    });
    expect((await verifyAdvert(first, { accept: TEST_ACCEPT })).ok).toBe(true);

    free = { cpu: 2, memoryMib: 4 * 1024, storageGib: 40 };
    await node.refresh();
    await waitFor(
      () => client?.store.get(account.address)?.advert.resources.free.cpu === 2,
      15_000,
      "changed advert",
    );
    expect(client.store.get(account.address)?.advert.resources.free).toEqual({
      cpu: 2,
      memoryGiB: 4,
      storageGiB: 40,
    });
    // Own and heard adverts are both served (GET /api/v1/adverts), each verifiable by the reader.
    await waitFor(() => node.listAdverts().length === 2, 15_000, "the checker's advert");
    for (const advert of node.listAdverts()) {
      expect((await verifyAdvert(advert, { accept: TEST_ACCEPT })).ok).toBe(true);
    }
    const status = node.status();
    expect(status).toMatchObject({ state: "running", peerId: node.peerId, adverts: 2 });
    expect(status.peers).toBeGreaterThanOrEqual(2);
    expect(status.reachability).toMatchObject({ state: "not-checked" });
    expect(Date.parse(status.lastPublishAt ?? "")).toBeGreaterThan(Date.now() - 60_000);
  }, 60_000);

  test("advertises a WebRTC-direct address whose certhash survives a restart, and a client that only speaks WebRTC-direct gets the advert through it", async () => {
    const config = await configWith({ bootstrap: [], verifyReachability: false });
    await mkdir(config.dataDir, { recursive: true });
    const startWith = async () =>
      startNodeDiscovery({
        config,
        account,
        settings,
        budget,
        allocatedPorts: () => [],
        log: () => {},
        platform: "x86_64",
      });
    const webrtcOf = (node: NodeDiscovery) =>
      node.current().advert.multiaddrs.find((a) => a.includes("/webrtc-direct/"));
    const first = await startWith();
    const before = webrtcOf(first);
    await first.stop();
    const node = await startWith();
    started.push(node);
    const after = webrtcOf(node);
    expect(after).toMatch(/\/udp\/\d+\/webrtc-direct\/certhash\/uEi[\w-]+\/p2p\//);
    const certhash = (address?: string) => address?.split("/certhash/")[1]?.split("/")[0];
    expect(certhash(after)).toBe(certhash(before));

    const browserLike = await createDiscoveryClient({
      bootstrap: [after as string],
      accept: TEST_ACCEPT,
    });
    try {
      await browserLike.refresh({ waitForPeersMs: 15_000 });
      expect(browserLike.store.get(account.address)?.advert.peerId).toBe(node.peerId);
    } finally {
      await browserLike.stop();
    }
  }, 60_000);

  test("dial-back by a second peer reports the API and an SSH port reachable from outside", async () => {
    const node = await start({ bootstrap: [tcpAddress(checker)] });
    // The start check runs in the background once the checker is connected.
    await waitFor(() => node.status().reachability.state === "checked", 30_000, "start check");
    const reach = node.status().reachability;
    expect(reach).toMatchObject({
      api: { port: (api.address() as AddressInfo).port, local: true, external: "reachable" },
      ssh: { local: true, external: "reachable" },
      ip: "127.0.0.1",
      checkedBy: [checker.libp2p.peerId.toString()],
    });
  }, 60_000);

  test("with no peer to ask, the check says unverified", async () => {
    const node = await start({ bootstrap: [] });
    const reach = await node.checkReachability();
    expect(reach).toMatchObject({
      state: "checked",
      api: { local: true, external: "unverified" },
      checkedBy: [],
    });
  }, 30_000);
});
