import { once } from "node:events";
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { request } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { streamPaymentAbi } from "@vm-on-golem/sdk/contract";
import { abiHash } from "@vm-on-golem/sdk/deployments";
import { golemRejection } from "@vm-on-golem/sdk/errors";
import type { Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterEach, beforeEach, expect, test } from "vitest";
import { freePort, freePortRange } from "../../../scripts/lib/free-port.ts";
import { createFakeDriver, type FakeDriver } from "../../test/support/fake-driver.ts";
import { loadProviderConfig } from "../config/load-provider-config.ts";
import type { ProviderConfig } from "../config/provider-config.ts";
import { readLivePid, runtimePaths } from "./pid-file.ts";
import { type ProviderNode, startProviderNode } from "./start-provider-node.ts";

let dir: string;
let driver: FakeDriver;
let node: ProviderNode | undefined;
let config: ProviderConfig;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "pn-"));
  driver = createFakeDriver();
  const ssh = await freePortRange(10);
  const host = await freePortRange(10, [ssh]);
  ({ config } = await loadProviderConfig({
    homeDir: dir,
    flags: {
      dataDir: join(dir, "data"),
      api: { host: "127.0.0.1", port: await freePort() },
      payments: { enabled: false },
      ssh: {
        bindHost: "127.0.0.1",
        portRangeStart: ssh,
        portRangeEnd: ssh + 10,
        hostPortRangeStart: host,
        hostPortRangeEnd: host + 10,
      },
      discovery: { listenHost: "127.0.0.1", tcpPort: 0, wsPort: 0, webrtcPort: 0 },
    },
  }));
});
afterEach(async () => {
  await node?.close();
  node = undefined;
  await driver.shutdown();
  await rm(dir, { recursive: true, force: true });
});

const start = () =>
  startProviderNode({ config, driver, version: "0.0.0-test", log: () => {}, apiLogger: false });

/** GET over the operator socket. */
function operatorGet(path: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { socketPath: runtimePaths(config.dataDir).operatorSocket, path },
      (res) => {
        let text = "";
        res.on("data", (c) => (text += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

test("serves the API and the operator socket, writes the pid file, and cleans up on close", async () => {
  node = await start();
  const paths = runtimePaths(config.dataDir);
  expect(await readLivePid(paths.pidFile)).toBe(process.pid);
  expect((await stat(config.dataDir)).mode & 0o777).toBe(0o700);
  expect((await stat(paths.operatorSocket)).mode & 0o777).toBe(0o600);

  const health = await fetch(`http://127.0.0.1:${config.api.port}/api/v1/health`);
  expect(await health.json()).toEqual({ ok: true });
  const info = await (
    await fetch(`http://127.0.0.1:${config.api.port}/api/v1/provider/info`)
  ).json();
  const key = (await readFile(join(config.dataDir, "payment.key"), "utf8")).trim();
  expect(info).toMatchObject({
    providerId: privateKeyToAccount(key as Hex).address,
    prices: null,
    driver: { name: "fake", usable: true },
    paymentsEnabled: false,
  });

  const status = await operatorGet("/status");
  expect(status.body).toMatchObject({
    source: "daemon",
    overall: { status: "healthy" },
    ports: {
      provider: { local: "listening", external: "not-checked" },
      ssh: { status: "ok", usableFree: 10 },
    },
    discovery: {
      state: "off",
      reason: "payments are off: there is no chain or contract to advertise",
    },
  });

  await node.close();
  node = undefined;
  expect(await readLivePid(paths.pidFile)).toBeUndefined();
  await expect(fetch(`http://127.0.0.1:${config.api.port}/api/v1/health`)).rejects.toThrow();
});

test("refuses a data dir another live node uses, an unusable driver, and a taken API port", async () => {
  const paths = runtimePaths(config.dataDir);
  await mkdir(config.dataDir, { recursive: true });
  await writeFile(paths.pidFile, `${process.ppid}\n`); // a live process that is not this one
  const taken = await golemRejection(start());
  expect(taken.code).toBe("DAEMON_ALREADY_RUNNING");
  expect(taken.message).toContain(`(pid ${process.ppid})`);
  await rm(paths.pidFile);

  const broken = createFakeDriver({ probe: { usable: false, reason: "no /dev/kvm", details: {} } });
  const unusable = await golemRejection(
    startProviderNode({ config, driver: broken, version: "x", log: () => {}, apiLogger: false }),
  );
  expect(unusable.code).toBe("DRIVER_UNAVAILABLE");
  expect(unusable.message).toBe("the fake driver cannot run here: no /dev/kvm");

  const blocker = createServer().listen(config.api.port, "127.0.0.1");
  await once(blocker, "listening");
  try {
    expect((await golemRejection(start())).code).toBe("PORT_IN_USE");
  } finally {
    blocker.close();
  }
  expect(await readLivePid(paths.pidFile)).toBeUndefined();
});

test("payments.enabled: provider/info names the payment address, token prices and deployment", async () => {
  const deployments = join(dir, "deployments");
  await mkdir(deployments);
  await writeFile(
    join(deployments, "31337.json"),
    JSON.stringify({
      chainId: 31337,
      name: "localhost",
      contracts: {
        StreamPayment: { address: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512", deployBlock: 2 },
        GLM: {
          address: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
          deployBlock: 1,
          symbol: "tGLM",
          decimals: 18,
          faucet: true,
        },
      },
      abiHash: abiHash(streamPaymentAbi),
      deployedAt: "2026-11-23T15:11:51.000Z",
    }),
  );
  const key = generatePrivateKey();
  node = await startProviderNode({
    config: {
      ...config,
      payments: { ...config.payments, enabled: true, deploymentsDir: deployments },
      pricing: { ...config.pricing, perCoreHour: "3600", perGiBMemoryHour: "7200" },
    },
    driver,
    version: "x",
    log: () => {},
    apiLogger: false,
    privateKey: key,
  });
  const info = await (
    await fetch(`http://127.0.0.1:${config.api.port}/api/v1/provider/info`)
  ).json();
  expect(info).toMatchObject({
    providerId: privateKeyToAccount(key).address,
    paymentsEnabled: true,
    prices: { perCoreHour: "3600", perGiBMemoryHour: "7200", perGiBDiskHour: "0" },
    payments: {
      chainId: 31337,
      streamPayment: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
      token: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
      minRunwaySeconds: 3600,
    },
  });
  await expect(stat(join(config.dataDir, "payment.key"))).rejects.toThrow(/ENOENT/);
});

test("payments.enabled on a chain without a deployment is DEPLOYMENT_NOT_FOUND", async () => {
  const error = await golemRejection(
    startProviderNode({
      config: { ...config, payments: { ...config.payments, enabled: true, chainId: 999_999 } },
      driver,
      version: "x",
      log: () => {},
    }),
  );
  expect(error.code).toBe("DEPLOYMENT_NOT_FOUND");
  expect(await readLivePid(runtimePaths(config.dataDir).pidFile)).toBeUndefined();
});
