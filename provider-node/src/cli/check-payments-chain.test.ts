// `golem-provider start` with payments on (the default) needs its chain: checked against a real
// in-process Hardhat chain served over HTTP (the relay), which the test takes down; the
// `--no-payments` start runs the real binary with the TEST-ONLY fake process driver, because
// the VM is not the subject.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { golemRejection } from "@vm-on-golem/sdk/errors";
import { createTestChain } from "@vm-on-golem/sdk/test-support/create-test-chain";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { freePort, freePortRange } from "../../../scripts/lib/free-port.ts";
import { killFakeGuests } from "../../test/support/fake-process-driver.ts";
import { type RpcRelay, startRpcRelay } from "../../test/support/rpc-relay.ts";
import { checkPaymentsChain } from "./check-payments-chain.ts";
import { testOnlyFakeDriverEnv } from "./cli-context.ts";
import { createProgram } from "./create-program.ts";

const run = promisify(execFile);
const bin = join(import.meta.dirname, "../../bin/golem-provider.js");
let relay: RpcRelay;
let dir: string;

beforeAll(async () => {
  const chain = await createTestChain();
  relay = await startRpcRelay(chain.publicClient);
  dir = await mkdtemp(join(tmpdir(), "chain-check-"));
}, 120_000);
afterAll(async () => {
  await relay.close();
  await rm(dir, { recursive: true, force: true });
});

describe("checkPaymentsChain", () => {
  test("passes for the chain the RPC serves; another chain id is CHAIN_MISMATCH", async () => {
    await checkPaymentsChain({ rpcUrl: relay.url, chainId: 31_337 });
    const error = await golemRejection(checkPaymentsChain({ rpcUrl: relay.url, chainId: 5 }));
    expect(error.code).toBe("CHAIN_MISMATCH");
    expect(error.message).toBe(
      `payments.rpcUrl ${relay.url} serves chain 31337, but the deployment is on chain 5`,
    );
    expect(error.hints.join("\n")).toContain("--no-payments");
  });

  test("an RPC that refuses connections is CHAIN_UNREACHABLE with what to do", async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const error = await golemRejection(checkPaymentsChain({ rpcUrl: url, chainId: 31_337 }));
    expect(error.code).toBe("CHAIN_UNREACHABLE");
    expect(error.message).toBe(
      `payments are on, but the chain at ${url} (payments.rpcUrl) did not answer`,
    );
    expect(error.hints).toEqual([
      "start a local chain (`./dev chain`) or set payments.rpcUrl to a running node of chain 31337",
      "or run without payments: `golem-provider start --no-payments` (or set payments.enabled=false)",
    ]);
  });
});

describe("golem-provider start and the chain", () => {
  test("payments on by default and the chain down: CHAIN_UNREACHABLE before anything starts", async () => {
    const dataDir = join(dir, "down");
    const out: string[] = [];
    const ctx = {
      env: {
        [testOnlyFakeDriverEnv]: join(dir, "fake-down"),
        GOLEM_PROVIDER_PAYMENTS_RPC_URL: `http://127.0.0.1:${await freePort()}`,
        GOLEM_PROVIDER_PRICING_PER_CORE_HOUR: "10000000000000000",
      },
      homeDir: dir,
      out: (text: string) => out.push(text),
      err: (text: string) => out.push(text),
      version: "0.0.0-test",
      self: { execPath: process.execPath, args: [] },
    };
    const args = ["start", "--daemon", "--data-dir", dataDir];
    const error = await golemRejection(
      createProgram({ ...ctx, argv: args }).parseAsync(args, { from: "user" }),
    );
    expect(error.code).toBe("CHAIN_UNREACHABLE");
    expect(existsSync(join(dataDir, "provider.pid"))).toBe(false);
    expect(out).toEqual([]);
  });

  test("payments on with every price 0: PRICES_NOT_SET with the commands that set them, before the chain is asked", async () => {
    const dataDir = join(dir, "unpriced");
    const out: string[] = [];
    const ctx = {
      env: {
        [testOnlyFakeDriverEnv]: join(dir, "fake-unpriced"),
        // Nobody listens here: the refusal comes before any chain call.
        GOLEM_PROVIDER_PAYMENTS_RPC_URL: `http://127.0.0.1:${await freePort()}`,
      },
      homeDir: dir,
      out: (text: string) => out.push(text),
      err: (text: string) => out.push(text),
      version: "0.0.0-test",
      self: { execPath: process.execPath, args: [] },
    };
    const start = (env: Record<string, string>) => {
      const args = ["start", "--daemon", "--data-dir", dataDir];
      return golemRejection(
        createProgram({ ...ctx, env: { ...ctx.env, ...env }, argv: args }).parseAsync(args, {
          from: "user",
        }),
      );
    };
    const zero = await start({});
    expect(zero.code).toBe("PRICES_NOT_SET");
    expect(zero.message).toBe(
      "payments are on but every price is 0: the StreamPayment contract refuses a stream at rate 0, so no VM could be rented",
    );
    expect(zero.hints).toEqual([
      "set prices in tokens per hour: golem-provider pricing set --glm-per-core-hour 0.01 --glm-per-mem-hour 0.005 --glm-per-disk-hour 0.0001",
      "or in USD per month: golem-provider pricing set --usd-per-core 5 --usd-per-mem 2 --usd-per-disk 0.1 --glm-per-usd 4",
      "or run without payments: golem-provider start --no-payments",
    ]);
    // USD prices without an exchange rate are zero token prices too, and say so.
    const usd = await start({ GOLEM_PROVIDER_PRICING_USD_PER_CORE: "5" });
    expect(usd.code).toBe("PRICES_NOT_SET");
    expect(usd.message).toMatch(/prices are set in USD, but pricing\.glmPerUsd is 0/);
    expect(usd.hints).toEqual([
      "set the exchange rate: golem-provider pricing set --glm-per-usd 4",
    ]);
    expect(existsSync(join(dataDir, "provider.pid"))).toBe(false);
    expect(existsSync(dataDir)).toBe(false);
    expect(out).toEqual([]);
  });

  test("--no-payments starts the daemon with the chain down; it reports payments off", async () => {
    const dataDir = join(dir, "free");
    const fakeDir = join(dir, "fake-free");
    const apiPort = await freePort();
    const ssh = await freePortRange(5);
    const host = await freePortRange(5, [ssh]);
    const env = {
      ...process.env,
      [testOnlyFakeDriverEnv]: fakeDir,
      GOLEM_PROVIDER_PAYMENTS_RPC_URL: `http://127.0.0.1:${await freePort()}`,
      GOLEM_PROVIDER_PAYMENTS_ENABLED: undefined,
      GOLEM_PROVIDER_API_HOST: "127.0.0.1",
      GOLEM_PROVIDER_SSH_BIND_HOST: "127.0.0.1",
      GOLEM_PROVIDER_SSH_PORT_RANGE_START: String(ssh),
      GOLEM_PROVIDER_SSH_PORT_RANGE_END: String(ssh + 5),
      GOLEM_PROVIDER_SSH_HOST_PORT_RANGE_START: String(host),
      GOLEM_PROVIDER_SSH_HOST_PORT_RANGE_END: String(host + 5),
    };
    const cli = (...args: string[]) =>
      run(process.execPath, [bin, ...args, "--data-dir", dataDir], { env });
    try {
      await cli("start", "--daemon", "--no-payments", "--port", String(apiPort));
      const info = (await (
        await fetch(`http://127.0.0.1:${apiPort}/api/v1/provider/info`)
      ).json()) as { paymentsEnabled: boolean; payments: unknown };
      expect(info).toMatchObject({ paymentsEnabled: false, payments: null });
    } finally {
      await cli("stop").catch(() => undefined);
      await killFakeGuests(fakeDir);
    }
  });
});
