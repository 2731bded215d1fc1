import { createPublicClient, http } from "viem";
import { afterEach, beforeAll, describe, expect, test } from "vitest";
import { type ApiHarness, createApiHarness } from "../../test/support/api-harness.ts";
import { createPaidChain, type PaidChain } from "../../test/support/paid-chain.ts";
import { rentPaidVm } from "../../test/support/paid-vm.ts";
import { type RpcRelay, startRpcRelay } from "../../test/support/rpc-relay.ts";
import { createStreamMonitor } from "./stream-monitor.ts";

// A real in-process chain behind a real HTTP JSON-RPC port that the test closes (connections
// refused) and opens again; the monitor runs on its own timer. Fake VM driver: what the
// monitor tells the service to do is the subject, not the VM.
let chain: PaidChain;
let relay: RpcRelay | undefined;
let h: ApiHarness;
beforeAll(async () => {
  chain = await createPaidChain();
}, 120_000);
afterEach(async () => {
  await h?.close();
  await relay?.close();
});

describe("stream monitor on its timer (real chain over HTTP)", () => {
  test("RPC refusing: backs off, stops and destroys nothing, reports degraded; back: acts within an interval", async () => {
    relay = await startRpcRelay(chain.publicClient);
    const client = createPublicClient({ transport: http(relay.url, { retryCount: 0 }) });
    const settings = chain.settings({ client });
    h = await createApiHarness({ paymentSettings: settings });
    const { vmId } = await rentPaidVm(h, chain);

    const logs: Array<{ at: number; line: string }> = [];
    const monitor = createStreamMonitor({
      settings,
      service: h.service,
      db: h.db,
      intervalSeconds: 0.2,
      stopBelowSeconds: 600,
      graceSeconds: 1800,
      log: (line) => logs.push({ at: performance.now(), line }),
    });
    monitor.start();
    await expect.poll(() => monitor.status().state).toBe("ok");

    await relay.down();
    await chain.time.increase(7200 + 1800 + 60); // depleted well past the grace period
    await expect
      .poll(() => monitor.status().consecutiveFailures, { timeout: 10_000 })
      .toBeGreaterThanOrEqual(4);
    expect(monitor.status()).toMatchObject({ state: "degraded" });
    expect(monitor.status().lastError).toMatch(/stream \d+ of VM vm-/);

    // Each failed tick waits twice as long as the one before (interval × 2^failures).
    const failedAt = logs.filter((l) => /degraded \(\d+ in a row\)/.test(l.line)).map((l) => l.at);
    const gaps = failedAt.slice(1).map((at, i) => at - (failedAt[i] as number));
    expect(gaps[0]).toBeGreaterThanOrEqual(350); // 0.2 s × 2
    expect(gaps[1]).toBeGreaterThanOrEqual(750); // 0.2 s × 4
    expect(gaps[2]).toBeGreaterThanOrEqual(1550); // 0.2 s × 8 (the cap)

    // Nothing was done on data it could not read.
    expect(h.service.getVm(vmId).status).toBe("running");
    expect(h.driver.states()[vmId]).toBe("running");
    expect(h.driver.calls.filter((c) => c.method === "stop" || c.method === "destroy")).toEqual([]);

    await relay.up();
    await expect.poll(() => h.service.listVms(), { timeout: 5000 }).toEqual([]);
    expect(h.driver.states()).toEqual({});
    expect(monitor.status()).toMatchObject({ state: "ok", consecutiveFailures: 0 });
    expect(logs.map((l) => l.line)).toContain("stream monitor: chain reads work again");
    expect(logs.some((l) => /destroy VM .*terminated|destroy VM .*runway/.test(l.line))).toBe(true);
    await monitor.close();
  });
});
