/** The provider dashboard's earnings curve: accrual per stream, capped at what it earned. */
import { describe, expect, it } from "vitest";
import { earningsSeries } from "../src/lib/earnings-series.ts";

describe("earningsSeries", () => {
  it("accrues each stream at its rate from its opening, up to what it earned", () => {
    const series = earningsSeries(
      [
        { createdAt: 100n, ratePerSecond: 2n, earned: 100n },
        { createdAt: 150n, ratePerSecond: 1n, earned: 1_000n },
      ],
      200,
      3,
    );
    // At 150: the first has 100 (its cap); at 200: 100 + 50 from the second.
    expect(series).toEqual([
      { at: 100, earned: 0n },
      { at: 150, earned: 100n },
      { at: 200, earned: 150n },
    ]);
  });

  it("is empty without streams and one point when everything opened now", () => {
    expect(earningsSeries([], 1_000)).toEqual([]);
    expect(earningsSeries([{ createdAt: 500n, ratePerSecond: 1n, earned: 0n }], 500)).toEqual([
      { at: 500, earned: 0n },
    ]);
  });

  it("never goes down and ends at the total earned once every stream reached it", () => {
    const streams = [
      { createdAt: 0n, ratePerSecond: 3n, earned: 90n },
      { createdAt: 10n, ratePerSecond: 7n, earned: 70n },
    ];
    const series = earningsSeries(streams, 1_000, 48);
    expect(series).toHaveLength(48);
    for (let i = 1; i < series.length; i++) {
      expect(series[i]?.earned ?? 0n).toBeGreaterThanOrEqual(series[i - 1]?.earned ?? 0n);
    }
    expect(series.at(-1)).toEqual({ at: 1_000, earned: 160n });
  });
});
