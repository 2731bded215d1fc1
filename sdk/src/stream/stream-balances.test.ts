import { describe, expect, test } from "vitest";
import {
  refundableAt,
  type StreamAmounts,
  settleStream,
  withdrawableAt,
} from "./stream-balances.ts";

const stream: StreamAmounts = {
  balance: 1000n,
  accrued: 50n,
  lastUpdate: 1_000,
  closed: false,
  ratePerSecond: 7n,
};

/** A deterministic PRNG so a failing case can be replayed. */
function random(seed: number) {
  let x = seed;
  return (max: bigint) => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return BigInt(x) % max;
  };
}

describe("settleStream", () => {
  test("accrues rate × elapsed, capped by the balance", () => {
    expect(settleStream(stream, 1_010n)).toEqual({
      balance: 930n,
      accrued: 120n,
      lastUpdate: 1_010n,
    });
    expect(settleStream(stream, 1_142n)).toEqual({
      balance: 6n,
      accrued: 1044n,
      lastUpdate: 1_142n,
    });
    expect(settleStream(stream, 1_143n)).toEqual({
      balance: 0n,
      accrued: 1050n,
      lastUpdate: 1_143n,
    });
    expect(settleStream(stream, 9_999n)).toEqual({
      balance: 0n,
      accrued: 1050n,
      lastUpdate: 9_999n,
    });
  });

  test("does nothing at or before lastUpdate, or on a closed stream", () => {
    expect(settleStream(stream, 1_000n)).toEqual({
      balance: 1000n,
      accrued: 50n,
      lastUpdate: 1_000n,
    });
    expect(settleStream(stream, 900n)).toEqual({
      balance: 1000n,
      accrued: 50n,
      lastUpdate: 1_000n,
    });
    const closed = { ...stream, closed: true, balance: 0n, accrued: 0n };
    expect(settleStream(closed, 5_000n)).toEqual({ balance: 0n, accrued: 0n, lastUpdate: 1_000n });
  });

  test("settling twice equals settling once, and funds are conserved (random streams)", () => {
    const next = random(42);
    for (let i = 0; i < 500; i++) {
      const s: StreamAmounts = {
        balance: next(10n ** 24n),
        accrued: next(10n ** 20n),
        lastUpdate: next(2n ** 32n),
        closed: false,
        ratePerSecond: 1n + next(10n ** 18n),
      };
      const t1 = BigInt(s.lastUpdate) + next(100_000n);
      const t2 = t1 + next(10_000_000n);
      const once = settleStream(s, t2);
      const twice = settleStream({ ...s, ...settleStream(s, t1) }, t2);
      expect(twice).toEqual(once);
      expect(once.balance + once.accrued).toBe(s.balance + s.accrued);
      expect(once.accrued).toBeGreaterThanOrEqual(settleStream(s, t1).accrued);
    }
  });
});

describe("withdrawableAt / refundableAt", () => {
  test("split the stream's funds between recipient and sender", () => {
    expect(withdrawableAt(stream, 1_010n)).toBe(120n);
    expect(refundableAt(stream, 1_010n)).toBe(930n);
  });

  test("are 0 for a closed stream", () => {
    const closed = { ...stream, closed: true };
    expect(withdrawableAt(closed, 1_010n)).toBe(0n);
    expect(refundableAt(closed, 1_010n)).toBe(0n);
  });
});
