import { describe, expect, test } from "vitest";
import { decideStreamAction } from "./decide-stream-action.ts";

const base = {
  vmStatus: "running" as const,
  pausedByMonitor: false,
  stopBelowSeconds: 300,
  graceSeconds: 3600,
};
const state = (runway: bigint, closed = false, at = 10_000n) => ({
  at,
  runwaySeconds: runway,
  depletionTime: at + runway,
  closed,
});

describe("decideStreamAction", () => {
  test("enough runway: nothing", () => {
    expect(decideStreamAction({ ...base, state: state(301n) })).toBe("none");
  });
  test("runway below the threshold stops a running VM, and only once", () => {
    expect(decideStreamAction({ ...base, state: state(299n) })).toBe("stop");
    expect(
      decideStreamAction({
        ...base,
        vmStatus: "stopped",
        pausedByMonitor: true,
        state: state(299n),
      }),
    ).toBe("none");
  });
  test("a top-up starts only a VM the monitor stopped", () => {
    const topped = state(5000n);
    expect(
      decideStreamAction({ ...base, vmStatus: "stopped", pausedByMonitor: true, state: topped }),
    ).toBe("start");
    expect(decideStreamAction({ ...base, vmStatus: "stopped", state: topped })).toBe("none");
  });
  test("terminated destroys; depleted past the grace destroys; within the grace stops", () => {
    expect(decideStreamAction({ ...base, state: state(0n, true) })).toBe("destroy");
    const depleted = (since: bigint) => ({
      at: 10_000n,
      runwaySeconds: 0n,
      depletionTime: 10_000n - since,
      closed: false,
    });
    expect(decideStreamAction({ ...base, state: depleted(3601n) })).toBe("destroy");
    expect(decideStreamAction({ ...base, state: depleted(3600n) })).toBe("stop");
  });
});
