// `golem-provider pricing set|show` in process, against a real config file in a temp data dir
// and a local-chain deployment file of its own (token tGLM).
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { streamPaymentAbi } from "@vm-on-golem/sdk/contract";
import { abiHash } from "@vm-on-golem/sdk/deployments";
import { golemRejection } from "@vm-on-golem/sdk/errors";
import { afterEach, beforeEach, expect, test } from "vitest";
import type { CliContext } from "./cli-context.ts";
import { createProgram } from "./create-program.ts";

let dir: string;
let out: string[];
let ctx: CliContext;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "pricing-"));
  // A fresh clone has no deployments/31337.json (the demo and `./dev chain` write it).
  const deploymentsDir = join(dir, "deployments");
  await mkdir(deploymentsDir);
  const contract = { address: "0x5FbDB2315678afecb367f032d93F642f64180aa3", deployBlock: "1" };
  await writeFile(
    join(deploymentsDir, "31337.json"),
    JSON.stringify({
      chainId: 31337,
      name: "localhost",
      contracts: {
        StreamPayment: contract,
        GLM: { ...contract, symbol: "tGLM", decimals: 18, faucet: true },
      },
      abiHash: abiHash(streamPaymentAbi),
      deployedAt: new Date().toISOString(),
    }),
  );
  out = [];
  ctx = {
    env: { GOLEM_PROVIDER_PAYMENTS_DEPLOYMENTS_DIR: deploymentsDir },
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
const configFile = async () =>
  JSON.parse(await readFile(join(dir, ".golem-provider", "config.json"), "utf8"));

test("token prices per hour round-trip through set and show (base units, tGLM and USD)", async () => {
  await run(
    "pricing",
    "set",
    "--glm-per-core-hour",
    "0.02",
    "--glm-per-mem-hour",
    "0.005",
    "--glm-per-disk-hour",
    "0.0001",
    "--glm-per-usd",
    "4",
  );
  expect(await configFile()).toEqual({
    pricing: {
      perCoreHour: "20000000000000000",
      perGiBMemoryHour: "5000000000000000",
      perGiBDiskHour: "100000000000000",
      glmPerUsd: 4,
    },
  });

  out = [];
  await run("pricing", "show", "--json");
  const shown = JSON.parse(out.join("\n"));
  expect(shown.tokenPrices).toEqual({
    perCoreHour: "20000000000000000",
    perGiBMemoryHour: "5000000000000000",
    perGiBDiskHour: "100000000000000",
  });
  // 0.02 tGLM/h * 730 h / 4 GLM per USD = 3.65 USD per month.
  expect(shown.inEffect).toEqual({
    symbol: "tGLM",
    decimals: 18,
    core: { tokenPerHour: "0.02", usdPerMonth: "3.65" },
    "GiB memory": { tokenPerHour: "0.005", usdPerMonth: "0.91" },
    "GiB disk": { tokenPerHour: "0.0001", usdPerMonth: "0.02" },
  });
  expect(shown).toMatchObject({ source: "config", running: false });

  out = [];
  await run("pricing", "show");
  const text = out.join("\n");
  expect(text).toContain("configured, not running");
  expect(text).toMatch(/token base units per core per hour\s*20000000000000000\s*file/);
  expect(text).toContain("tGLM per hour");
  expect(text).toMatch(/core\s*0\.02\s*14\.6\s*3\.65/);
  expect(text).not.toMatch(/\.\d*(0{9,}|9{9,})/);
});

test("a USD price replaces the token price of the same resource only", async () => {
  await run("pricing", "set", "--glm-per-core-hour", "1", "--glm-per-mem-hour", "0.5");
  await run("pricing", "set", "--usd-per-core", "10");
  expect((await configFile()).pricing).toEqual({
    perCoreHour: "0",
    perGiBMemoryHour: "500000000000000000",
    usdPerCore: 10,
  });
});

test("USD and token price of one resource together, or a bad token amount: VALIDATION_FAILED", async () => {
  const both = await golemRejection(
    run("pricing", "set", "--usd-per-mem", "3", "--glm-per-mem-hour", "0.1"),
  );
  expect(both.code).toBe("VALIDATION_FAILED");
  expect(both.message).toBe("--usd-per-mem and --glm-per-mem-hour both given");
  expect(both.hints).toEqual([
    "price the mem either in USD per month or in tokens per hour, not both",
  ]);

  for (const bad of ["-1", "abc", "0.0000000000000000001"]) {
    const error = await golemRejection(run("pricing", "set", "--glm-per-disk-hour", bad));
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(error.message).toBe(`--glm-per-disk-hour ${bad} is not a token amount`);
    expect(error.hints[0]).toContain("at most 18 decimals");
  }
  // Nothing was written by the rejected commands.
  await expect(configFile()).rejects.toThrow(/ENOENT/);
});
