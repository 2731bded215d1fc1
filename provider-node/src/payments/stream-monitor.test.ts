import { getGlmBalance, terminate, topUp } from "@vm-on-golem/sdk/contract";
import { createPublicClient, custom } from "viem";
import { afterEach, beforeAll, describe, expect, test } from "vitest";
import { type ApiHarness, createApiHarness } from "../../test/support/api-harness.ts";
import { createPaidChain, type PaidChain } from "../../test/support/paid-chain.ts";
import { rentPaidVm } from "../../test/support/paid-vm.ts";
import type { PaymentSettings } from "./payment-settings.ts";
import { createStreamMonitor } from "./stream-monitor.ts";

// Real in-process chain with the real contracts and chain time travel; the fake VM driver
// (the VM is not the subject: what the monitor tells the service to do is).
let chain: PaidChain;
let h: ApiHarness;
beforeAll(async () => {
  chain = await createPaidChain();
}, 120_000);
afterEach(async () => {
  await h?.close();
});

const monitorOptions = { intervalSeconds: 30, stopBelowSeconds: 600, graceSeconds: 1800 };

/** A paid VM, running, funded for `seconds`, on a new API harness. */
async function paidVm(settings: PaymentSettings, seconds = 7200n) {
  h = await createApiHarness({ paymentSettings: settings });
  return rentPaidVm(h, chain, { seconds });
}

const logs: string[] = [];
const monitorOver = (settings: PaymentSettings, harness = h) =>
  createStreamMonitor({
    settings,
    service: harness.service,
    db: harness.db,
    log: (line) => logs.push(line),
    ...monitorOptions,
  });

describe("stream monitor (time travel on a real chain)", () => {
  test("low runway stops the VM in one tick; a top-up starts it on the same disk; terminate destroys it and settles exactly", async () => {
    const settings = chain.settings();
    const { vmId, streamId, rate } = await paidVm(settings);
    const monitor = monitorOver(settings);
    expect((await monitor.tick()).actions).toEqual([]);

    await chain.time.increase(7200 - 500);
    expect((await monitor.tick()).actions).toEqual([{ vmId, action: "stop" }]);
    expect(h.service.getVm(vmId).status).toBe("stopped");
    expect(h.driver.states()[vmId]).toBe("stopped");
    expect(logs.at(-1)).toMatch(/stop VM .*runway \d+ s \(stop below 600 s, resume from 3600 s\)/);
    expect((await monitor.tick()).actions).toEqual([]);

    await topUp(chain.requestor, { address: chain.streamPayment, streamId, amount: rate * 3600n });
    expect((await monitor.tick()).actions).toEqual([{ vmId, action: "start" }]);
    await expect.poll(() => h.service.getVm(vmId).status).toBe("running");
    expect(Object.keys(h.driver.states())).toEqual([vmId]);

    const provider = chain.providerAccount.address;
    const requestor = chain.requestor.account.address;
    const balance = (owner: `0x${string}`) =>
      getGlmBalance(chain.publicClient, { token: chain.glm, owner });
    const [providerBefore, requestorBefore] = [await balance(provider), await balance(requestor)];
    const settled = await terminate(chain.requestor, { address: chain.streamPayment, streamId });
    expect((await balance(provider)) - providerBefore).toBe(settled.paidToRecipient);
    expect((await balance(requestor)) - requestorBefore).toBe(settled.refundedToSender);
    expect(settled.paidToRecipient + settled.refundedToSender).toBe(rate * (7200n + 3600n));

    expect((await monitor.tick()).actions).toEqual([{ vmId, action: "destroy" }]);
    expect(h.service.listVms()).toEqual([]);
    expect(h.service.allocatedPorts()).toEqual([]);
    expect(h.driver.states()).toEqual({});
    await monitor.close();
  });

  test("RPC down for several ticks: nothing stopped or destroyed, status degraded; back: it acts on what it reads", async () => {
    const link = { down: false };
    const client = createPublicClient({
      transport: custom(
        {
          request: (args) => {
            if (link.down) throw new Error("connect ECONNREFUSED 127.0.0.1:1");
            return chain.publicClient.request(args as never);
          },
        },
        { retryCount: 0 },
      ),
    });
    const settings = chain.settings({ client });
    const { vmId } = await paidVm(settings);
    const monitor = monitorOver(settings);

    link.down = true;
    await chain.time.increase(7200 + 1800 + 60); // depleted well past the grace
    for (let i = 0; i < 4; i++) {
      expect(await monitor.tick()).toEqual({ actions: [], pending: [], unread: [vmId] });
    }
    expect(monitor.status()).toMatchObject({ state: "degraded", consecutiveFailures: 4 });
    expect(h.service.getVm(vmId).status).toBe("running");
    expect(h.driver.states()[vmId]).toBe("running");

    link.down = false;
    expect((await monitor.tick()).actions).toEqual([{ vmId, action: "destroy" }]);
    expect(monitor.status()).toMatchObject({ state: "ok", consecutiveFailures: 0 });
    await monitor.close();
  });

  test("a restart during a stream resumes monitoring with no double action", async () => {
    const settings = chain.settings();
    const { vmId, streamId, rate } = await paidVm(settings);
    const before = monitorOver(settings);
    await chain.time.increase(7200 - 500);
    expect((await before.tick()).actions).toEqual([{ vmId, action: "stop" }]);
    await before.close();

    await h.crash();
    const restarted = h.restart();
    await restarted.service.recover();
    const after = monitorOver(settings, restarted as ApiHarness);
    expect((await after.tick()).actions).toEqual([]);
    expect(restarted.service.getVm(vmId).status).toBe("stopped");
    const calls = h.driver.calls.filter((c) => c.method === "stop").length;

    await topUp(chain.requestor, { address: chain.streamPayment, streamId, amount: rate * 3600n });
    expect((await after.tick()).actions).toEqual([{ vmId, action: "start" }]);
    await expect.poll(() => restarted.service.getVm(vmId).status).toBe("running");
    expect((await after.tick()).actions).toEqual([]);
    expect(h.driver.calls.filter((c) => c.method === "stop").length).toBe(calls);
    await after.close();
  });
});
