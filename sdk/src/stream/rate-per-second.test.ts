import { parseEther } from "viem";
import { describe, expect, test } from "vitest";
import { ratePerSecond } from "./rate-per-second.ts";

const prices = {
  perCoreHour: parseEther("0.01"),
  perGiBMemoryHour: parseEther("0.002"),
  perGiBDiskHour: parseEther("0.0001"),
};

describe("ratePerSecond", () => {
  test("is the hourly sum over 3600, rounded up", () => {
    // 2 × 0.01 + 4 × 0.002 + 20 × 0.0001 = 0.03 GLM per hour
    const rate = ratePerSecond(prices, { cpu: 2, memoryGiB: 4, storageGiB: 20 });
    expect(rate).toBe(8_333_333_333_334n); // 3e16 / 3600 = 8333333333333.33 → up
    expect(rate * 3600n).toBeGreaterThanOrEqual(parseEther("0.03"));
    expect((rate - 1n) * 3600n).toBeLessThan(parseEther("0.03"));
  });

  test("is exact when the hourly sum divides by 3600", () => {
    const even = { perCoreHour: 3600n, perGiBMemoryHour: 7200n, perGiBDiskHour: 36n };
    expect(ratePerSecond(even, { cpu: 1, memoryGiB: 1, storageGiB: 100 })).toBe(4n);
    expect(ratePerSecond(even, { cpu: 0, memoryGiB: 0, storageGiB: 1 })).toBe(1n); // 36/3600 → up to 1
  });

  test("is 0 for free resources (the contract rejects it with RATE_ZERO)", () => {
    expect(ratePerSecond(prices, { cpu: 0, memoryGiB: 0, storageGiB: 0 })).toBe(0n);
  });

  test("rejects fractional or negative resources and negative prices", () => {
    for (const bad of [
      { cpu: 1.5, memoryGiB: 1, storageGiB: 1 },
      { cpu: 1, memoryGiB: -1, storageGiB: 1 },
      { cpu: 1, memoryGiB: 1, storageGiB: Number.NaN },
    ]) {
      expect(() => ratePerSecond(prices, bad)).toThrowError(
        expect.objectContaining({ code: "VALIDATION_FAILED" }),
      );
    }
    expect(() =>
      ratePerSecond({ ...prices, perGiBDiskHour: -1n }, { cpu: 1, memoryGiB: 1, storageGiB: 1 }),
    ).toThrowError(expect.objectContaining({ code: "VALIDATION_FAILED" }));
  });
});
