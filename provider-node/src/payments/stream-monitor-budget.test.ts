import { getStream, setTopUpBudget } from "@vm-on-golem/sdk/contract";
import { refundableAt } from "@vm-on-golem/sdk/stream";
import { afterEach, beforeAll, describe, expect, test } from "vitest";
import { type ApiHarness, createApiHarness, testHost } from "../../test/support/api-harness.ts";
import { createPaidChain, type PaidChain } from "../../test/support/paid-chain.ts";
import { rentPaidVm } from "../../test/support/paid-vm.ts";
import { providerWalletOf } from "../../test/support/provider-wallet.ts";
import { createBudgetTopUpStore } from "./budget-top-up-store.ts";
import { createStreamMonitor } from "./stream-monitor.ts";

// Real in-process Hardhat chain with the real StreamPayment, chain time travel, real SQLite and
// the real API; the fake VM driver (test-only: the VM is not the subject, what the monitor
// tells the service to do is).
let chain: PaidChain;
let h: ApiHarness;
beforeAll(async () => {
  chain = await createPaidChain();
}, 120_000);
afterEach(async () => {
  await h?.close();
});

describe("stream monitor with a top-up budget (time travel on a real chain)", () => {
  test("below the stop threshold it pulls from the budget and the VM keeps running; budget exhausted: stopped, not destroyed", async () => {
    const settings = chain.settings();
    h = await createApiHarness({ paymentSettings: settings });
    const { vmId, streamId, rate, authorization } = await rentPaidVm(h, chain, { seconds: 7200n });
    // Three hours of budget; each pull buys two, so the second is capped at the one left.
    await setTopUpBudget(chain.requestor, {
      address: chain.streamPayment,
      streamId,
      budget: rate * 3n * 3600n,
    });
    const logs: string[] = [];
    const store = createBudgetTopUpStore(h.db);
    const monitor = createStreamMonitor({
      settings,
      service: h.service,
      db: h.db,
      intervalSeconds: 30,
      stopBelowSeconds: 600,
      graceSeconds: 1800,
      budget: { wallet: await providerWalletOf(settings), store, hours: 2 },
      log: (line) => logs.push(line),
    });
    const read = () => getStream(chain.publicClient, { address: chain.streamPayment, streamId });
    const grewBy = async (before: Awaited<ReturnType<typeof read>>) => {
      const after = await read();
      const at = BigInt(after.lastUpdate);
      return refundableAt(after, at) - refundableAt(before, at);
    };

    expect((await monitor.tick()).actions).toEqual([]);
    expect(store.last(vmId)).toBeNull();

    await chain.time.increase(7200 - 500);
    let before = await read();
    expect((await monitor.tick()).actions).toEqual([]);
    expect(h.service.getVm(vmId).status).toBe("running");
    expect(await grewBy(before)).toBe(rate * 2n * 3600n);
    expect((await read()).topUpBudget).toBe(rate * 3600n);
    expect(logs.at(-1)).toMatch(
      new RegExp(
        `topped up stream ${streamId} \\(VM ${vmId}\\) from its budget: ${rate * 7200n} base units`,
      ),
    );
    expect(logs.join("\n")).not.toMatch(/stop VM/);

    const view = await h.app.inject({
      method: "GET",
      url: `/api/v1/vms/${vmId}/stream`,
      headers: { host: testHost, authorization },
    });
    expect(view.statusCode, view.body).toBe(200);
    const { topUpBudget, lastBudgetTopUp } = view.json();
    expect(topUpBudget).toBe((rate * 3600n).toString());
    expect(lastBudgetTopUp.amount).toBe((rate * 7200n).toString());
    expect(lastBudgetTopUp.txHash).toMatch(/^0x[0-9a-f]{64}$/);

    // The second pull takes what is left of the budget (one hour), not the two hours asked.
    await chain.time.increase(7200);
    before = await read();
    expect((await monitor.tick()).actions).toEqual([]);
    expect(h.service.getVm(vmId).status).toBe("running");
    expect(await grewBy(before)).toBe(rate * 3600n);
    expect((await read()).topUpBudget).toBe(0n);

    // Budget exhausted: today's behaviour, stopped with its disk, not destroyed.
    await chain.time.increase(3600);
    expect((await monitor.tick()).actions).toEqual([{ vmId, action: "stop" }]);
    expect(h.service.getVm(vmId).status).toBe("stopped");
    expect(h.driver.states()[vmId]).toBe("stopped");
    expect((await monitor.tick()).actions).toEqual([]);
    expect(h.driver.states()[vmId]).toBe("stopped");
    await monitor.close();
  });

  test("a budget too small to lift the runway to the resume threshold is not pulled (no gas spent on it): the VM is stopped", async () => {
    const settings = chain.settings();
    h = await createApiHarness({ paymentSettings: settings });
    const { vmId, streamId, rate } = await rentPaidVm(h, chain, { seconds: 7200n });
    await setTopUpBudget(chain.requestor, {
      address: chain.streamPayment,
      streamId,
      budget: rate * 60n,
    });
    const logs: string[] = [];
    const wallet = await providerWalletOf(settings);
    const monitor = createStreamMonitor({
      settings,
      service: h.service,
      db: h.db,
      intervalSeconds: 30,
      stopBelowSeconds: 600,
      graceSeconds: 1800,
      budget: { wallet, store: createBudgetTopUpStore(h.db), hours: 2 },
      log: (line) => logs.push(line),
    });
    const nonce = await chain.publicClient.getTransactionCount({ address: wallet.account.address });
    await chain.time.increase(7200 - 500);
    expect((await monitor.tick()).actions).toEqual([{ vmId, action: "stop" }]);
    expect(await chain.publicClient.getTransactionCount({ address: wallet.account.address })).toBe(
      nonce,
    );
    const stream = await getStream(chain.publicClient, { address: chain.streamPayment, streamId });
    expect(stream.topUpBudget).toBe(rate * 60n);
    expect(logs.join("\n")).toMatch(/no budget top-up of stream .*short of the 3600 s/);
    // Logged once, not every tick.
    await monitor.tick();
    expect(logs.filter((l) => l.includes("no budget top-up")).length).toBe(1);
    await monitor.close();
  });
});
