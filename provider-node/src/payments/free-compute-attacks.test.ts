import { topUp } from "@vm-on-golem/sdk/contract";
import type { StreamId } from "@vm-on-golem/sdk/stream";
import { afterEach, beforeAll, describe, expect, test } from "vitest";
import { type ApiHarness, createApiHarness, testHost } from "../../test/support/api-harness.ts";
import { createPaidChain, type PaidChain, siweSignerOf } from "../../test/support/paid-chain.ts";
import { rentPaidVm } from "../../test/support/paid-vm.ts";
import { createStreamMonitor } from "./stream-monitor.ts";

// Attacks on the metering of paid VMs ("nearly free compute"): a real in-process Hardhat chain
// with the real contracts and time travel (evm_increaseTime), the real API through
// fastify.inject, and the fake VM driver (the VM is not the subject; where a guest must
// ignore ACPI, that is the TEST-ONLY fake driver's `ignoreAcpi`).
let chain: PaidChain;
let h: ApiHarness;
beforeAll(async () => {
  chain = await createPaidChain();
}, 120_000);
afterEach(async () => {
  await h?.close();
});

// minRunwaySeconds is 3600 (chain.settings()).
const monitorOptions = { intervalSeconds: 30, stopBelowSeconds: 600, graceSeconds: 1800 };
const logs: string[] = [];
const monitorOver = (harness: Pick<ApiHarness, "service" | "db">, extra = {}) =>
  createStreamMonitor({
    settings: chain.settings(),
    service: harness.service,
    db: harness.db,
    log: (line) => logs.push(line),
    ...monitorOptions,
    ...extra,
  });

const oneWei = (streamId: StreamId) =>
  topUp(chain.requestor, { address: chain.streamPayment, streamId, amount: 1n });

describe("nearly free compute (real chain, time travel)", () => {
  test("the owner restarting a VM the monitor stopped, at low or zero runway, is refused and the VM stays stopped", async () => {
    h = await createApiHarness({ paymentSettings: chain.settings(), stopBelowSeconds: 600 });
    const { vmId, streamId, rate } = await rentPaidVm(h, chain);
    const monitor = monitorOver(h);
    await chain.time.increase(7200 - 500);
    expect((await monitor.tick()).actions).toEqual([{ vmId, action: "stop" }]);

    const { authorization } = await h.signIn(siweSignerOf(chain.requestor));
    const start = () =>
      h.app.inject({
        method: "POST",
        url: `/api/v1/vms/${vmId}/start`,
        headers: { host: testHost, authorization },
      });
    const startsBefore = h.driver.calls.filter((c) => c.method === "start").length;
    const refusedLow = await start();
    expect(refusedLow.statusCode).toBe(402);
    expect(refusedLow.json().error).toMatchObject({
      code: "STREAM_UNDERFUNDED",
      message: expect.stringMatching(/runway/),
      hints: [expect.stringMatching(/top up/)],
    });

    await chain.time.increase(600); // depleted: zero runway
    await oneWei(streamId);
    expect((await start()).json().error.code).toBe("STREAM_UNDERFUNDED");
    expect(h.service.getVm(vmId).status).toBe("stopped");
    expect(h.driver.states()[vmId]).toBe("stopped");
    expect(h.driver.calls.filter((c) => c.method === "start").length).toBe(startsBefore);

    // Paid past the stop threshold (not yet the minimum runway): the owner may start it.
    await topUp(chain.requestor, { address: chain.streamPayment, streamId, amount: rate * 1200n });
    const allowed = await start();
    expect(allowed.statusCode, allowed.body).toBe(202);
    await expect.poll(() => h.service.getVm(vmId).status).toBe("running");
    await monitor.close();
  });

  test("1-wei top-ups after depletion do not extend the grace: the VM is destroyed at the deadline, across a node restart", async () => {
    h = await createApiHarness({ paymentSettings: chain.settings() });
    const { vmId, streamId } = await rentPaidVm(h, chain);
    let monitor = monitorOver(h);
    await chain.time.increase(7200 + 10);
    expect((await monitor.tick()).actions).toEqual([{ vmId, action: "stop" }]);

    // Every 400 s a 1 wei top-up makes the contract's depletion time "now" again.
    let harness: Pick<ApiHarness, "service" | "db"> = h;
    for (let round = 1; round <= 4; round++) {
      await chain.time.increase(400);
      await oneWei(streamId);
      expect((await monitor.tick()).actions).toEqual([]);
      expect(harness.service.getVm(vmId).status).toBe("stopped");
      if (round === 2) {
        // The node restarts: the first depletion is remembered in its database.
        await monitor.close();
        await h.crash();
        const restarted = h.restart();
        await restarted.service.recover();
        harness = restarted;
        monitor = monitorOver(restarted);
      }
    }
    // 10 + 4 × 400 + a few s of transactions since the first depletion; the grace is 1800 s.
    await chain.time.increase(1800 - 1600 - 10 + 60);
    await oneWei(streamId);
    expect((await monitor.tick()).actions).toEqual([{ vmId, action: "destroy" }]);
    expect(harness.service.listVms()).toEqual([]);
    expect(h.driver.states()).toEqual({});
    expect(logs.some((l) => /destroy VM .*depleted since/.test(l))).toBe(true);
    await monitor.close();
  });

  test("a guest that ignores ACPI does not delay the monitor's action on another VM beyond the deadline (TEST-ONLY fake driver: stop holds for the whole graceful timeout)", async () => {
    h = await createApiHarness({ paymentSettings: chain.settings() });
    const stubborn = await rentPaidVm(h, chain, { name: "stubborn", seconds: 7200n });
    const other = await rentPaidVm(h, chain, { name: "other", seconds: 7200n });
    h.driver.ignoreAcpi(stubborn.vmId);
    const monitor = monitorOver(h, { stopTimeoutSeconds: 2, actionDeadlineSeconds: 1 });

    await chain.time.increase(7200 - 500); // both below the stop threshold
    const started = performance.now();
    const tick = await monitor.tick();
    const tookMs = performance.now() - started;
    // The well-behaved guest is stopped within the deadline; the stubborn one is still going.
    expect(tick.actions).toEqual([{ vmId: other.vmId, action: "stop" }]);
    expect(tick.pending).toEqual([stubborn.vmId]);
    expect(tookMs).toBeLessThan(1000 + 800);
    expect(h.service.getVm(other.vmId).status).toBe("stopped");

    // The stubborn guest is forced off after the monitor's short graceful timeout, not 90 s.
    await expect
      .poll(() => h.service.getVm(stubborn.vmId).status, { timeout: 4000 })
      .toBe("stopped");
    expect(h.driver.states()).toEqual({ [stubborn.vmId]: "stopped", [other.vmId]: "stopped" });
    // A later tick does not stop it twice.
    expect((await monitor.tick()).actions).toEqual([]);
    expect(h.driver.calls.filter((c) => c.method === "stop")).toHaveLength(2);
    await monitor.close();
  });
});
