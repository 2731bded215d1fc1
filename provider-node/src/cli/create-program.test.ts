import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { streamPaymentAbi } from "@vm-on-golem/sdk/contract";
import { abiHash } from "@vm-on-golem/sdk/deployments";
import { golemRejection } from "@vm-on-golem/sdk/errors";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { type CliContext, testOnlyFakeDriverEnv } from "./cli-context.ts";
import { createProgram } from "./create-program.ts";

let dir: string;
let out: string[];
let ctx: CliContext;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "cli-"));
  out = [];
  ctx = {
    env: { [testOnlyFakeDriverEnv]: join(dir, "fake"), GOLEM_PROVIDER_SSH_BIND_HOST: "127.0.0.1" },
    homeDir: dir,
    out: (text) => out.push(text),
    err: (text) => out.push(text),
    version: "0.0.0-test",
    self: { execPath: process.execPath, args: [] },
    argv: [],
  };
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const run = (...args: string[]) =>
  createProgram({ ...ctx, argv: args }).parseAsync(args, { from: "user" });

describe("golem-provider (in-process)", () => {
  test("config show lists every key with value, source and env var", async () => {
    await run("config", "show", "--json");
    const keys = JSON.parse(out.join("\n")) as Array<Record<string, unknown>>;
    expect(keys.find((k) => k.key === "ssh.bindHost")).toMatchObject({
      value: "127.0.0.1",
      source: "env",
      env: "GOLEM_PROVIDER_SSH_BIND_HOST",
    });
    expect(keys.find((k) => k.key === "api.port")).toMatchObject({
      value: 7466,
      source: "default",
    });
    expect(keys.every((k) => typeof k.description === "string")).toBe(true);
  });

  test("pricing set stores only the given USD prices; show reports their source", async () => {
    await run(
      "pricing",
      "set",
      "--usd-per-core",
      "12",
      "--usd-per-mem",
      "4",
      "--usd-per-disk",
      "0.1",
    );
    const file = JSON.parse(await readFile(join(dir, ".golem-provider", "config.json"), "utf8"));
    // A USD price clears that resource's token price (token prices win when any is set).
    expect(file).toEqual({
      pricing: {
        usdPerCore: 12,
        usdPerMemGib: 4,
        usdPerDiskGib: 0.1,
        perCoreHour: "0",
        perGiBMemoryHour: "0",
        perGiBDiskHour: "0",
      },
    });
    out = [];
    await run("pricing", "show", "--json");
    expect(JSON.parse(out.join("\n"))).toMatchObject({
      source: "config",
      configured: {
        usdPerCore: 12,
        usdPerMemGib: 4,
        usdPerDiskGib: 0.1,
        glmPerUsd: 0,
        perCoreHour: "0",
        perGiBMemoryHour: "0",
        perGiBDiskHour: "0",
      },
      tokenPrices: { perCoreHour: "0", perGiBMemoryHour: "0", perGiBDiskHour: "0" },
    });
    await expect(run("pricing", "set", "--usd-per-core", "-1")).rejects.toThrow(/not an amount/);
    expect((await golemRejection(run("pricing", "set"))).code).toBe("VALIDATION_FAILED");
  });

  test("wallet address creates the payment key once and prints only its address", async () => {
    await run("wallet", "address", "--json");
    const { address } = JSON.parse(out.join("\n"));
    expect(address).toMatch(/^0x[0-9a-fA-F]{40}$/);
    const key = await readFile(join(dir, ".golem-provider", "payment.key"), "utf8");
    expect(out.join("\n")).not.toContain(key.trim().slice(2));
    out = [];
    await run("wallet", "address");
    expect(out).toEqual([address]);
  });

  test("config monitor and config withdraw store only what is given, checked by the schema", async () => {
    await run(
      "config",
      "monitor",
      "--enable",
      "true",
      "--interval",
      "30",
      "--min-remaining",
      "3600",
    );
    await run("config", "withdraw", "--enable", "true", "--interval", "900", "--min-wei", "1000");
    const file = JSON.parse(await readFile(join(dir, ".golem-provider", "config.json"), "utf8"));
    expect(file).toEqual({
      payments: {
        monitor: { enabled: true, intervalSeconds: 30, stopBelowSeconds: 3600 },
        withdraw: { enabled: true, intervalSeconds: 900, minWei: "1000" },
      },
    });
    expect((await golemRejection(run("config", "withdraw", "--min-wei", "1e15"))).code).toBe(
      "VALIDATION_FAILED",
    );
    expect((await golemRejection(run("config", "monitor"))).code).toBe("VALIDATION_FAILED");
  });

  test("wallet faucet on a chain without a faucet says where funds come from", async () => {
    const deployments = join(dir, "deployments");
    await mkdir(deployments);
    await writeFile(
      join(deployments, "5.json"),
      JSON.stringify({
        chainId: 5,
        name: "public",
        contracts: {
          StreamPayment: { address: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512", deployBlock: 2 },
          GLM: {
            address: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
            deployBlock: 1,
            symbol: "GLM",
            decimals: 18,
            faucet: false,
          },
        },
        abiHash: abiHash(streamPaymentAbi),
        deployedAt: "2026-11-23T15:11:51.000Z",
      }),
    );
    ctx.env.GOLEM_PROVIDER_PAYMENTS_CHAIN_ID = "5";
    ctx.env.GOLEM_PROVIDER_PAYMENTS_DEPLOYMENTS_DIR = deployments;
    const error = await golemRejection(run("wallet", "faucet"));
    expect(error.code).toBe("FAUCET_UNAVAILABLE");
    expect(error.message).toBe("public (chain 5) has no GLM faucet");
    expect(error.hints[0]).toMatch(/^send ETH for gas to 0x[0-9a-fA-F]{40} /);
    expect(error.hints[1]).toContain("whose deployment has a faucet");
  });

  test("streams list needs the running node", async () => {
    expect((await golemRejection(run("streams", "list"))).code).toBe("DAEMON_NOT_RUNNING");
  });

  test("stop says plainly when no node runs; vm list needs the running node", async () => {
    await run("stop");
    expect(out.join("\n")).toMatch(
      /^golem-provider is not running \(no live process in .*provider\.pid\)$/,
    );
    expect((await golemRejection(run("vm", "list"))).code).toBe("DAEMON_NOT_RUNNING");
  });

  test("status without a running node looks itself", async () => {
    await run("status", "--json");
    const status = JSON.parse(out.join("\n"));
    expect(status).toMatchObject({
      source: "local",
      daemon: { running: false, pid: null },
      driver: { name: "fake", usable: true },
      overall: { status: "issues" },
      ports: { ssh: { range: [22_800, 22_900], inUse: 0 } },
      vms: [],
    });
    expect(status.overall.issues).toContain(
      "the node is not running (start it with `golem-provider start --daemon`)",
    );
  });

  test("start fails with CONFIG_INVALID listing bad flags before touching anything", async () => {
    const error = await golemRejection(run("start", "--port", "70000"));
    expect(error.code).toBe("CONFIG_INVALID");
    expect(error.message).toContain("api.port (flag)");
  });

  test("start --network development (the old discovery label) is FLAG_RENAMED before touching anything", async () => {
    const error = await golemRejection(run("start", "--network", "development"));
    expect(error.code).toBe("FLAG_RENAMED");
    expect(error.details).toEqual({ field: "--network", value: "development" });
    expect(existsSync(join(dir, ".golem-provider"))).toBe(false);
    // The new meaning, seen by config show: the payments chain, from the flag.
    out = [];
    await run("config", "show", "--network", "amoy", "--json");
    const keys = JSON.parse(out.join("\n")) as { key: string; value: unknown; source: string }[];
    expect(keys.find((k) => k.key === "payments.chainId")).toMatchObject({
      value: 80002,
      source: "flag",
    });
    expect(keys.some((k) => k.key === "network")).toBe(false);
  });
});
