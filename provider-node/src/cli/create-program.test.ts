import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { golemRejection } from "@vm-on-golem/sdk/errors/golem-rejection";
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
    expect(file).toEqual({ pricing: { usdPerCore: 12, usdPerMemGib: 4, usdPerDiskGib: 0.1 } });
    out = [];
    await run("pricing", "show", "--json");
    expect(JSON.parse(out.join("\n"))).toEqual({
      usdPerCore: 12,
      usdPerMemGib: 4,
      usdPerDiskGib: 0.1,
      glmPerUsd: 0,
      tokenPrices: null,
    });
    await expect(run("pricing", "set", "--usd-per-core", "-1")).rejects.toThrow(/not an amount/);
    expect((await golemRejection(run("pricing", "set"))).code).toBe("VALIDATION_FAILED");
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
      ports: { ssh: { range: [50_800, 50_900], inUse: 0 } },
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
});
