// `golem-provider pricing show` asks the running node what it charges, and says "configured,
// not running" when none runs. The node runs in this process with payments on over a real
// in-process chain and the fake VM driver (the VM is not the subject: the prices are); the CLI
// runs with an environment of its own that sets no price, as an operator's shell would.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { freePort, freePortRange } from "../../../scripts/lib/free-port.ts";
import { createFakeDriver } from "../../test/support/fake-driver.ts";
import { createPaidChain, type PaidChain } from "../../test/support/paid-chain.ts";
import { loadProviderConfig } from "../config/load-provider-config.ts";
import { type ProviderNode, startProviderNode } from "../daemon/start-provider-node.ts";
import type { CliContext } from "./cli-context.ts";
import { createProgram } from "./create-program.ts";

const floatArtefact = /\.\d*(0{9,}|9{9,})/;
let chain: PaidChain;
let dir: string;
let deployments: string;
let node: ProviderNode | undefined;
const driver = createFakeDriver();

beforeAll(async () => {
  chain = await createPaidChain();
  dir = await mkdtemp(join(tmpdir(), "pricing-show-"));
  deployments = join(dir, "deployments");
  await mkdir(deployments);
  const { deployment } = chain;
  await writeFile(
    join(deployments, `${deployment.chainId}.json`),
    JSON.stringify(deployment, (_k, v) => (typeof v === "bigint" ? Number(v) : v)),
  );
}, 120_000);
afterAll(async () => {
  await node?.close();
  await driver.shutdown();
  await rm(dir, { recursive: true, force: true });
});

/** Runs the CLI with an environment that names the deployments but sets no price. */
async function pricingShow(...args: string[]): Promise<string> {
  const out: string[] = [];
  const ctx: CliContext = {
    env: { GOLEM_PROVIDER_PAYMENTS_DEPLOYMENTS_DIR: deployments },
    homeDir: dir,
    out: (text) => out.push(text),
    err: (text) => out.push(text),
    version: "0.0.0-test",
    self: { execPath: process.execPath, args: [] },
    argv: args,
  };
  const argv = ["pricing", "show", "--data-dir", join(dir, "data"), ...args];
  await createProgram(ctx).parseAsync(argv, { from: "user" });
  return out.join("\n");
}

test("pricing show reports what the running node charges, not this shell's configuration", async () => {
  const ssh = await freePortRange(4);
  const host = await freePortRange(4, [ssh]);
  const { config } = await loadProviderConfig({
    homeDir: dir,
    flags: {
      dataDir: join(dir, "data"),
      api: { host: "127.0.0.1", port: await freePort() },
      ssh: {
        bindHost: "127.0.0.1",
        portRangeStart: ssh,
        portRangeEnd: ssh + 4,
        hostPortRangeStart: host,
        hostPortRangeEnd: host + 4,
      },
      payments: { enabled: true, chainId: chain.deployment.chainId, deploymentsDir: deployments },
      // The demo's prices: a 2-core, 1 GiB, 4 GiB-disk VM costs 2.54 tGLM per hour.
      pricing: {
        perCoreHour: "1000000000000000000",
        perGiBMemoryHour: "500000000000000000",
        perGiBDiskHour: "10000000000000000",
        glmPerUsd: 4,
      },
      discovery: { enabled: false },
    },
  });
  node = await startProviderNode({
    config,
    driver,
    version: "0.0.0-test",
    log: () => {},
    apiLogger: false,
    privateKey: chain.providerKey,
    chainClient: chain.publicClient,
  });

  const report = JSON.parse(await pricingShow("--json"));
  expect(report).toMatchObject({
    source: "daemon",
    running: true,
    pid: process.pid,
    paymentsEnabled: true,
    chainId: chain.deployment.chainId,
    // Exact base units in --json.
    tokenPrices: {
      perCoreHour: "1000000000000000000",
      perGiBMemoryHour: "500000000000000000",
      perGiBDiskHour: "10000000000000000",
    },
    inEffect: {
      symbol: chain.deployment.contracts.GLM.symbol,
      core: { tokenPerHour: "1", usdPerMonth: "182.50" },
      "GiB memory": { tokenPerHour: "0.5", usdPerMonth: "91.25" },
      "GiB disk": { tokenPerHour: "0.01", usdPerMonth: "1.83" },
    },
  });
  const text = await pricingShow();
  const symbol = chain.deployment.contracts.GLM.symbol;
  expect(text).toContain(`charged by the running node (pid ${process.pid}), paid in ${symbol}`);
  expect(text).toMatch(/core\s+1\s+730\s+182\.50/);
  expect(text).toMatch(/GiB memory\s+0\.5\s+365\s+91\.25/);
  expect(text).toMatch(/GiB disk\s+0\.01\s+7\.3\s+1\.83/);
  expect(text).not.toContain("configured, not running");
  expect(text).not.toMatch(floatArtefact);

  // Stopped: the same command says where its numbers come from, and that 0 will not start.
  await node.close();
  node = undefined;
  const offline = await pricingShow();
  expect(offline).toContain("configured, not running");
  expect(offline).toMatch(/core\s+0\s+0\s+- \(set --glm-per-usd\)/);
  expect(offline).toContain("every price is 0: `golem-provider start` refuses to run");
  expect(offline).toMatch(/token base units per core per hour\s+0\s+default/);
  const offlineJson = JSON.parse(await pricingShow("--json"));
  expect(offlineJson).toMatchObject({ source: "config", running: false, pid: null });
  expect(offlineJson.tokenPrices.perCoreHour).toBe("0");
});
