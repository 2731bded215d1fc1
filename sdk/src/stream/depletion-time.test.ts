import { describe, expect, test } from "vitest";
import { depletionTime, isActiveAt, runwaySecondsAt } from "./depletion-time.ts";
import { refundableAt, type StreamAmounts } from "./stream-balances.ts";

const stream: StreamAmounts = {
  balance: 1000n,
  accrued: 0n,
  lastUpdate: 1_000n,
  closed: false,
  ratePerSecond: 7n,
};

describe("depletionTime", () => {
  test("is lastUpdate + ceil(balance / rate)", () => {
    expect(depletionTime(stream)).toBe(1_143n); // 1000 / 7 = 142.86 → 143
    expect(depletionTime({ ...stream, balance: 994n })).toBe(1_142n); // exactly 142
    expect(depletionTime({ ...stream, balance: 0n })).toBe(1_000n);
  });

  test("is 0 for a closed stream", () => {
    expect(depletionTime({ ...stream, closed: true })).toBe(0n);
  });

  test("the balance is left one second before and gone at it", () => {
    for (const balance of [1n, 6n, 7n, 8n, 999n, 1000n, 10n ** 30n]) {
      for (const rate of [1n, 7n, 10n ** 15n]) {
        const s = { ...stream, balance, ratePerSecond: rate };
        const end = depletionTime(s);
        expect(refundableAt(s, end - 1n)).toBeGreaterThan(0n);
        expect(refundableAt(s, end)).toBe(0n);
      }
    }
  });

  test("a zero rate is RATE_ZERO (the contract never stores one)", () => {
    expect(() => depletionTime({ ...stream, ratePerSecond: 0n })).toThrowError(
      expect.objectContaining({ code: "RATE_ZERO" }),
    );
  });
});

describe("runwaySecondsAt / isActiveAt", () => {
  test("count down to depletion, then stay 0 / false", () => {
    expect(runwaySecondsAt(stream, 1_000n)).toBe(143n);
    expect(runwaySecondsAt(stream, 1_100n)).toBe(43n);
    expect(runwaySecondsAt(stream, 1_142n)).toBe(1n);
    expect(runwaySecondsAt(stream, 1_143n)).toBe(0n);
    expect(runwaySecondsAt(stream, 5_000n)).toBe(0n);
    expect(isActiveAt(stream, 1_142n)).toBe(true);
    expect(isActiveAt(stream, 1_143n)).toBe(false);
  });

  test("a closed stream has no runway and is not active", () => {
    const closed = { ...stream, closed: true };
    expect(runwaySecondsAt(closed, 1_000n)).toBe(0n);
    expect(isActiveAt(closed, 1_000n)).toBe(false);
  });
});
