import type { StreamId } from "@vm-on-golem/sdk/stream";
import { describe, expect, it } from "vitest";
import { startTopUpMonitor } from "./start-top-up-monitor.ts";

const streams = async () => [{ streamId: 7n as StreamId, vmName: "web-1" }];
const entry = (streamId: StreamId) => ({
  streamId,
  vmName: "web-1",
  runwaySeconds: 10n,
  amount: 1n,
  hash: undefined,
  error: undefined,
});

describe("startTopUpMonitor (real timers, a counting cycle instead of the chain)", () => {
  it("runs at once and then on its timer, never overlapping", async () => {
    let active = 0;
    let overlap = false;
    const calls: number[] = [];
    const monitor = startTopUpMonitor({
      intervalMs: 20,
      streams,
      cycle: async (list) => {
        active += 1;
        if (active > 1) overlap = true;
        calls.push(Date.now());
        await new Promise((resolve) => setTimeout(resolve, 15));
        active -= 1;
        return list.map((s) => entry(s.streamId));
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await monitor.stop();
    expect(calls.length).toBeGreaterThanOrEqual(3);
    expect(overlap).toBe(false);
    for (let i = 1; i < calls.length; i++) {
      expect((calls[i] ?? 0) - (calls[i - 1] ?? 0)).toBeGreaterThanOrEqual(30);
    }
    expect(monitor.last()?.entries[0]?.streamId).toBe(7n);
    const count = calls.length;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(calls.length).toBe(count);
  });

  it("reports a failing cycle and keeps going", async () => {
    let n = 0;
    const monitor = startTopUpMonitor({
      intervalMs: 5,
      streams,
      cycle: async () => {
        n += 1;
        if (n === 1) throw new Error("db locked");
        return [];
      },
    });
    const first = await monitor.runNow();
    expect(first.cycles).toBeGreaterThanOrEqual(1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await monitor.stop();
    expect(n).toBeGreaterThan(2);
    expect(monitor.last()?.error).toBeUndefined();
  });
});
