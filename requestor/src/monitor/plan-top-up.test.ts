import { describe, expect, it } from "vitest";
import { planTopUp } from "./plan-top-up.ts";

const base = {
  ratePerSecond: 10n,
  runwaySeconds: 60n,
  closed: false,
  minRunwaySeconds: 3600,
  targetRunwaySeconds: 7200,
};

describe("planTopUp", () => {
  it("tops a low stream up to the target runway", () => {
    expect(planTopUp(base)).toBe(10n * (7200n - 60n));
  });
  it("leaves a stream with enough runway alone", () => {
    expect(planTopUp({ ...base, runwaySeconds: 3600n })).toBe(0n);
  });
  it("never tops up a closed stream", () => {
    expect(planTopUp({ ...base, closed: true })).toBe(0n);
  });
  it("uses the minimum when the target is below it", () => {
    expect(planTopUp({ ...base, targetRunwaySeconds: 10 })).toBe(10n * (3600n - 60n));
  });
  it("refills a depleted stream from zero", () => {
    expect(planTopUp({ ...base, runwaySeconds: 0n })).toBe(72_000n);
  });
});
