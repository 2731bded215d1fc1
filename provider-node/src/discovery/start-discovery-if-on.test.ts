import { once } from "node:events";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { type AddressInfo, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  TEST_CHAIN_ID,
  TEST_STREAM_PAYMENT,
  TEST_TOKEN,
  testProvider,
} from "@vm-on-golem/sdk/test-support/test-adverts";
import { afterAll, beforeAll, expect, test } from "vitest";
import { loadProviderConfig } from "../config/load-provider-config.ts";
import type { ProviderConfig } from "../config/provider-config.ts";
import { summarizeStatus } from "../daemon/node-status.ts";
import { startDiscoveryIfOn } from "./start-discovery-if-on.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "discovery-on-"));
  await mkdir(join(dir, "data"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const settings = {
  chainId: TEST_CHAIN_ID,
  streamPayment: TEST_STREAM_PAYMENT,
  token: TEST_TOKEN,
  prices: { perCoreHour: 1n, perGiBMemoryHour: 1n, perGiBDiskHour: 1n },
};
const budget = async () => ({
  total: { cpu: 2, memoryMib: 4096, storageGib: 50 },
  limit: { cpu: 1, memoryMib: 3000, storageGib: 45 },
  reserved: { cpu: 0, memoryMib: 0, storageGib: 0 },
  free: { cpu: 1, memoryMib: 3000, storageGib: 45 },
  vms: { max: 1, used: 0, free: 1 },
});
const configWith = async (discovery: Record<string, unknown>): Promise<ProviderConfig> =>
  (
    await loadProviderConfig({
      homeDir: dir,
      flags: { dataDir: join(dir, "data"), api: { host: "127.0.0.1" }, discovery },
    })
  ).config;
const start = async (discovery: Record<string, unknown>, withSettings = true) => {
  const lines: string[] = [];
  const handle = await startDiscoveryIfOn({
    config: await configWith(discovery),
    account: testProvider(),
    settings: withSettings ? settings : undefined,
    budget,
    allocatedPorts: () => [],
    log: (line) => lines.push(line),
  });
  return { handle, lines };
};

test("off by config, or with payments off: says why, starts nothing", async () => {
  const disabled = await start({ enabled: false });
  expect(disabled.handle.discovery).toBeUndefined();
  expect(disabled.handle.status()).toMatchObject({
    state: "off",
    reason: "turned off (discovery.enabled is false)",
  });
  const unpaid = await start({}, false);
  expect(unpaid.handle.status()).toMatchObject({
    state: "off",
    reason: "payments are off: there is no chain or contract to advertise",
    reachability: { state: "not-checked" },
  });
});

test("a taken libp2p port does not stop the node: status shows the failure as an issue", async () => {
  const blocker = createServer().listen(0, "127.0.0.1");
  await once(blocker, "listening");
  try {
    const taken = (blocker.address() as AddressInfo).port;
    const { handle, lines } = await start({
      listenHost: "127.0.0.1",
      tcpPort: taken,
      wsPort: 0,
      webrtcPort: 0,
    });
    expect(handle.discovery).toBeUndefined();
    const status = handle.status();
    expect(status.state).toBe("error");
    expect(status.reason).toMatch(new RegExp(`libp2p port ${taken} .* is in use`));
    expect(lines.join("\n")).toMatch(/^discovery failed: /m);
    const summary = summarizeStatus({
      source: "daemon",
      daemon: { running: true, pid: 1 },
      driver: { name: "fake", usable: true, accel: "kvm", reason: null },
      api: { host: "127.0.0.1", port: 7466, local: "listening" },
      ssh: { range: [50_800, 50_810], inUse: [], notBindable: [] },
      vms: [],
      resources: null,
      discovery: status,
    });
    expect(summary.overall.status).toBe("issues");
    expect(summary.overall.issues[0]).toMatch(/^discovery failed to start: libp2p port/);
  } finally {
    blocker.close();
  }
});
