import { expect, test } from "vitest";
import { depletionTime } from "./depletion-time.ts";
import { depositForDuration } from "./deposit-for-duration.ts";

test("depositForDuration pays exactly that many seconds", () => {
  expect(depositForDuration(7n, 3600)).toBe(25_200n);
  expect(depositForDuration(10n ** 15n, 86_400n)).toBe(864n * 10n ** 17n);
  expect(depositForDuration(5n, 0)).toBe(0n);
  const rate = 123_456_789n;
  const deposit = depositForDuration(rate, 3600n);
  expect(
    depletionTime({
      balance: deposit,
      accrued: 0n,
      lastUpdate: 0,
      closed: false,
      ratePerSecond: rate,
    }),
  ).toBe(3600n);
});

test("depositForDuration rejects negative input", () => {
  expect(() => depositForDuration(-1n, 10)).toThrowError(
    expect.objectContaining({ code: "VALIDATION_FAILED" }),
  );
  expect(() => depositForDuration(1n, -10)).toThrowError(
    expect.objectContaining({ code: "VALIDATION_FAILED" }),
  );
});
