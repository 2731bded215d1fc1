import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { divideRounded, exactDecimal } from "./exact-decimal.ts";
import { hourlyFromUsdPerMonth, usdPerMonthOfHourly } from "./usd-prices.ts";

describe("exact decimals", () => {
  it("reads a number as the decimal a person wrote, exponents included", () => {
    expect(exactDecimal(7.2)).toEqual({ units: 72n, scale: 1 });
    expect(exactDecimal(0.1)).toEqual({ units: 1n, scale: 1 });
    expect(exactDecimal(1e-7)).toEqual({ units: 1n, scale: 7 });
    expect(exactDecimal(1.5e21)).toEqual({ units: 1_500_000_000_000_000_000_000n, scale: 0 });
    expect(exactDecimal("0.25")).toEqual({ units: 25n, scale: 2 });
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY, "x"]) {
      expect(() => exactDecimal(bad)).toThrow(/not a decimal number/);
    }
  });

  it("divides rounding half up", () => {
    expect(divideRounded(5n, 2n)).toBe(3n);
    expect(divideRounded(4n, 3n)).toBe(1n);
    expect(divideRounded(0n, 7n)).toBe(0n);
  });
});

describe("USD prices", () => {
  it("turns USD per month into base units per hour over 730 hours, with no float noise", () => {
    // 7.3 USD × 2 GLM/USD / 730 h = 0.02 GLM/h exactly (7.3 × 2 / 730 is 0.019999999999999997 in floats).
    expect(hourlyFromUsdPerMonth(7.3, 2, 18)).toBe(20_000_000_000_000_000n);
    expect(hourlyFromUsdPerMonth(0.073, 2, 18)).toBe(200_000_000_000_000n);
    expect(hourlyFromUsdPerMonth(10, 0, 18)).toBe(0n);
    // 1 USD / 730 h at 1 GLM/USD: 0.00136986301369863013… GLM, rounded half up to a base unit.
    expect(hourlyFromUsdPerMonth(1, 1, 18)).toBe(1_369_863_013_698_630n);
  });

  it("shows an hourly price in USD per month, to the cent", () => {
    expect(usdPerMonthOfHourly(20_000_000_000_000_000n, 4, 18)).toBe("3.65");
    expect(usdPerMonthOfHourly(100_000_000_000_000n, 4, 18)).toBe("0.02");
    expect(usdPerMonthOfHourly(10n ** 18n, 0, 18)).toBeNull();
  });

  it("property: USD → hourly → USD comes back to the cent", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 1, max: 100_000 }),
        (cents, milliGlmPerUsd) => {
          const usd = cents / 100;
          const glmPerUsd = milliGlmPerUsd / 1000;
          const hourly = hourlyFromUsdPerMonth(usd, glmPerUsd, 18);
          expect(usdPerMonthOfHourly(hourly, glmPerUsd, 18)).toBe(usd.toFixed(2));
        },
      ),
    );
  });
});
