// The provider CLI's money output, as an operator reads it, carries no binary-float artefact
// (runs of 9+ zeros or nines after a decimal point): `pricing show`, `streams list|show|earnings`
// on a paid node in this process over a real in-process chain, with a stream at a rate whose
// hourly price is not a whole number of base units per second (the demo's case). The VM comes
// from the fake driver: the VM is not the subject, the printed amounts are.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createProviderClient } from "@vm-on-golem/sdk/provider-client";
import { rentVm } from "@vm-on-golem/sdk/rent";
import { afterAll, beforeAll, expect, test } from "vitest";
import { freePort, freePortRange } from "../../../scripts/lib/free-port.ts";
import { createFakeDriver } from "../../test/support/fake-driver.ts";
import { createPaidChain, type PaidChain, siweSignerOf } from "../../test/support/paid-chain.ts";
import { loadProviderConfig } from "../config/load-provider-config.ts";
import { type ProviderNode, startProviderNode } from "../daemon/start-provider-node.ts";
import type { CliContext } from "./cli-context.ts";
import { createProgram } from "./create-program.ts";

const floatArtefact = /\.\d*(0{9,}|9{9,})/;
let chain: PaidChain;
let dir: string;
let node: ProviderNode | undefined;
const driver = createFakeDriver();

beforeAll(async () => {
  chain = await createPaidChain();
  dir = await mkdtemp(join(tmpdir(), "money-output-"));
}, 120_000);
afterAll(async () => {
  await node?.close();
  await driver.shutdown();
  await rm(dir, { recursive: true, force: true });
});

async function cli(...args: string[]): Promise<string> {
  const out: string[] = [];
  const ctx: CliContext = {
    env: {},
    homeDir: dir,
    out: (text) => out.push(text),
    err: (text) => out.push(text),
    version: "0.0.0-test",
    self: { execPath: process.execPath, args: [] },
    argv: args,
  };
  await createProgram(ctx).parseAsync([...args, "--data-dir", join(dir, "data")], {
    from: "user",
  });
  return out.join("\n");
}

test("pricing show and streams list|show|earnings print amounts without float artefacts", async () => {
  const deployments = join(dir, "deployments");
  await mkdir(deployments);
  await writeFile(
    join(deployments, `${chain.deployment.chainId}.json`),
    JSON.stringify(chain.deployment, (_k, v) => (typeof v === "bigint" ? Number(v) : v)),
  );
  const ssh = await freePortRange(4);
  const host = await freePortRange(4, [ssh]);
  const apiPort = await freePort();
  const { config } = await loadProviderConfig({
    homeDir: dir,
    flags: {
      dataDir: join(dir, "data"),
      api: { host: "127.0.0.1", port: apiPort },
      ssh: {
        bindHost: "127.0.0.1",
        portRangeStart: ssh,
        portRangeEnd: ssh + 4,
        hostPortRangeStart: host,
        hostPortRangeEnd: host + 4,
      },
      payments: { enabled: true, chainId: chain.deployment.chainId, deploymentsDir: deployments },
      // 1 + 0.5 + 10 × 0.01 = 1.6 tGLM per hour: 444444444444444.4… base units per second,
      // rounded up, so the hourly rate is 1.600000000000002 tGLM exactly.
      pricing: {
        perCoreHour: "1000000000000000000",
        perGiBMemoryHour: "500000000000000000",
        perGiBDiskHour: "10000000000000000",
        glmPerUsd: 3,
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
  const provider = createProviderClient({
    baseUrl: `http://127.0.0.1:${apiPort}`,
    signer: siweSignerOf(chain.requestor),
  });
  const { vm, quote } = await rentVm({
    provider,
    wallet: chain.requestor,
    deployment: {
      chainId: chain.deployment.chainId,
      streamPayment: chain.streamPayment,
      token: chain.glm,
    },
    vm: {
      name: "money",
      cpu: 1,
      memoryGiB: 1,
      storageGiB: 10,
      sshPublicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKey test@host",
    },
    hours: 2,
  });
  expect(quote.ratePerSecond * 3600n).toBe(1_600_000_000_000_002_000n);
  // 17 minutes and 7 seconds: amounts with every decimal of the token in use.
  await chain.time.increase(1027);

  const outputs = {
    pricing: await cli("pricing", "show"),
    list: await cli("streams", "list"),
    show: await cli("streams", "show", vm.id),
    earnings: await cli("streams", "earnings"),
  };
  for (const [command, text] of Object.entries(outputs)) {
    expect(text, command).not.toMatch(floatArtefact);
  }
  expect(outputs.list).toContain("1.6 tGLM/h");
  expect(outputs.show).toMatch(/ratePerSecond\s+1\.6 tGLM\/h \(444444444444445 base units\/s\)/);
  expect(outputs.earnings).toMatch(/^1 stream\(s\); withdrawable now 0\.456\d* tGLM$/);
  // --json keeps the exact base units.
  const [listed] = JSON.parse(await cli("streams", "list", "--json"));
  expect(listed.ratePerSecond).toBe("444444444444445");
  expect(BigInt(listed.withdrawable)).toBeGreaterThanOrEqual(1027n * 444_444_444_444_445n);
  const earnings = JSON.parse(await cli("streams", "earnings", "--json"));
  expect(earnings.withdrawable).toMatch(/^\d+$/);
});
