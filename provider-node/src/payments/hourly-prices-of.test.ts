import { expect, test } from "vitest";
import { hourlyPricesOf } from "./hourly-prices-of.ts";

const none = {
  usdPerCore: 0,
  usdPerMemGib: 0,
  usdPerDiskGib: 0,
  glmPerUsd: 0,
  perCoreHour: "0",
  perGiBMemoryHour: "0",
  perGiBDiskHour: "0",
};

test("token prices win when any is set", () => {
  expect(hourlyPricesOf({ ...none, usdPerCore: 7, glmPerUsd: 3, perCoreHour: "12" })).toEqual({
    perCoreHour: 12n,
    perGiBMemoryHour: 0n,
    perGiBDiskHour: 0n,
  });
});

test("USD per month converts to GLM base units per hour over 730 hours, exactly", () => {
  // 7.3 × 2 / 730 is 0.019999999999999997 in binary floats; the node charges 0.02 GLM/h.
  expect(hourlyPricesOf({ ...none, usdPerCore: 7.3, usdPerDiskGib: 0.073, glmPerUsd: 2 })).toEqual({
    perCoreHour: 20_000_000_000_000_000n,
    perGiBMemoryHour: 0n,
    perGiBDiskHour: 200_000_000_000_000n,
  });
});

test("no prices at all are zero", () => {
  expect(hourlyPricesOf({ ...none, usdPerCore: 5 })).toEqual({
    perCoreHour: 0n,
    perGiBMemoryHour: 0n,
    perGiBDiskHour: 0n,
  });
});
