import { describe, expect, test } from "vitest";
import { decideStreamAction, type PaymentPause } from "./decide-stream-action.ts";

const base = {
  vmStatus: "running" as const,
  pause: null,
  stopBelowSeconds: 300,
  minRunwaySeconds: 3600,
  graceSeconds: 3600,
};
const state = (runway: bigint, closed = false, at = 10_000n) => ({
  at,
  runwaySeconds: runway,
  depletionTime: at + runway,
  closed,
});
/** A stream that ran dry `since` s before `at` (as the contract reports it now). */
const depleted = (since: bigint, at = 10_000n) => ({
  at,
  runwaySeconds: 0n,
  depletionTime: at - since,
  closed: false,
});
const stoppedByMonitor: PaymentPause = { stoppedByMonitor: true, depletedAt: null };

describe("decideStreamAction", () => {
  test("enough runway: nothing, no pause", () => {
    expect(decideStreamAction({ ...base, state: state(301n) })).toEqual({
      action: "none",
      pause: null,
    });
  });

  test("runway below the threshold pauses and stops a running VM, and only once", () => {
    expect(decideStreamAction({ ...base, state: state(299n) })).toEqual({
      action: "stop",
      pause: stoppedByMonitor,
    });
    expect(
      decideStreamAction({
        ...base,
        vmStatus: "stopped",
        pause: stoppedByMonitor,
        state: state(299n),
      }),
    ).toEqual({ action: "none", pause: stoppedByMonitor });
  });

  test("a VM its owner stopped is paused too (the grace applies) but never started by the monitor", () => {
    const paused = decideStreamAction({ ...base, vmStatus: "stopped", state: depleted(10n) });
    expect(paused).toEqual({
      action: "none",
      pause: { stoppedByMonitor: false, depletedAt: 10_000n - 10n },
    });
    const topped = decideStreamAction({
      ...base,
      vmStatus: "stopped",
      pause: paused.pause,
      state: state(5000n),
    });
    expect(topped).toEqual({ action: "none", pause: null });
  });

  test("only a top-up to the minimum runway ends the pause and starts the VM the monitor stopped", () => {
    const stopped = { ...base, vmStatus: "stopped" as const, pause: stoppedByMonitor };
    expect(decideStreamAction({ ...stopped, state: state(3599n) })).toEqual({
      action: "none",
      pause: stoppedByMonitor,
    });
    expect(decideStreamAction({ ...stopped, state: state(3600n) })).toEqual({
      action: "start",
      pause: null,
    });
  });

  test("the grace runs from the first depletion after the pause: 1 wei top-ups do not move it", () => {
    const first = decideStreamAction({ ...base, state: depleted(0n, 10_000n) });
    expect(first).toEqual({
      action: "stop",
      pause: { stoppedByMonitor: true, depletedAt: 10_000n },
    });
    // Each 1 wei top-up makes the contract's depletion time "now"; the pause keeps the first.
    let pause = first.pause;
    for (const at of [11_000n, 12_000n, 13_600n]) {
      const next = decideStreamAction({
        ...base,
        vmStatus: "stopped",
        pause,
        state: depleted(0n, at),
      });
      expect(next).toEqual({
        action: "none",
        pause: { stoppedByMonitor: true, depletedAt: 10_000n },
      });
      pause = next.pause;
    }
    expect(
      decideStreamAction({ ...base, vmStatus: "stopped", pause, state: depleted(0n, 13_601n) }),
    ).toEqual({ action: "destroy", pause: { stoppedByMonitor: true, depletedAt: 10_000n } });
  });

  test("a pause that began with runway left starts its grace at the first depletion seen", () => {
    const paused = { ...base, vmStatus: "stopped" as const, pause: stoppedByMonitor };
    expect(decideStreamAction({ ...paused, state: depleted(100n, 20_000n) }).pause).toEqual({
      stoppedByMonitor: true,
      depletedAt: 19_900n,
    });
  });

  test("a VM its owner started with runway past the threshold runs on; dropping below stops it again", () => {
    const pause = { stoppedByMonitor: true, depletedAt: 10_000n };
    const running = decideStreamAction({ ...base, pause, state: state(1000n, false, 20_000n) });
    expect(running).toEqual({
      action: "none",
      pause: { stoppedByMonitor: false, depletedAt: 10_000n },
    });
    expect(decideStreamAction({ ...base, pause: running.pause, state: state(200n) })).toEqual({
      action: "stop",
      pause: { stoppedByMonitor: true, depletedAt: 10_000n },
    });
  });

  test("terminated destroys; depleted past the grace destroys; within the grace stops", () => {
    expect(decideStreamAction({ ...base, state: state(0n, true) }).action).toBe("destroy");
    expect(decideStreamAction({ ...base, state: depleted(3601n) }).action).toBe("destroy");
    expect(decideStreamAction({ ...base, state: depleted(3600n) }).action).toBe("stop");
  });

  test("a VM being destroyed is left to it", () => {
    expect(
      decideStreamAction({ ...base, vmStatus: "destroying", state: state(0n, true) }).action,
    ).toBe("none");
  });
});
