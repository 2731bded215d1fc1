import fc from "fast-check";
import { formatUnits } from "viem";
import { describe, expect, it } from "vitest";
import { formatDecimal } from "./format-decimal.ts";
import { parseTokenAmount } from "./parse-token-amount.ts";

/** What the demo's output test refuses: binary-float-looking runs after a decimal point. */
const floatArtefact = /\.\d*(0{9,}|9{9,})/;
const amounts = fc.bigInt({ min: 0n, max: 10n ** 30n });
const tokenDecimals = fc.integer({ min: 0, max: 24 });

describe("formatDecimal", () => {
  it("shows the amounts measured on main without their noise", () => {
    // 2.54 tGLM/h as a rate per second rounded up, times 3600; a balance after paying it.
    expect(formatDecimal(2_540_000_000_000_001_600n, 18)).toBe("2.54");
    expect(formatDecimal(992_379_999_999_999_999_952n, 18)).toBe("992.38");
    expect(formatDecimal(705_555_555_555_556n, 18)).toBe("0.000705556");
  });

  it("keeps whole units, rounds half up, drops trailing zeros", () => {
    expect(formatDecimal(0n, 18)).toBe("0");
    expect(formatDecimal(10n ** 18n, 18)).toBe("1");
    expect(formatDecimal(1_234_567_891n, 3)).toBe("1234568");
    expect(formatDecimal(1_234_565n, 3)).toBe("1234.57");
    expect(formatDecimal(1_234_564n, 3)).toBe("1234.56");
    expect(formatDecimal(999_999_5n, 1)).toBe("1000000");
    expect(formatDecimal(9_999_996n, 10)).toBe("0.001");
    expect(formatDecimal(-25n * 10n ** 17n, 18)).toBe("-2.5");
    expect(formatDecimal(123_456_789n, 8, { significantDigits: 3 })).toBe("1.23");
  });

  it("shows amounts under 10^-8 tokens as <0.00000001, never as a run of zeros", () => {
    expect(formatDecimal(1n, 18)).toBe("<0.00000001");
    expect(formatDecimal(10n ** 10n - 1n, 18)).toBe("<0.00000001");
    expect(formatDecimal(10n ** 10n, 18)).toBe("0.00000001");
    expect(formatDecimal(1n, 8)).toBe("0.00000001");
  });

  it("refuses impossible decimals and digit counts", () => {
    expect(() => formatDecimal(1n, -1)).toThrow(/decimals/);
    expect(() => formatDecimal(1n, 18, { significantDigits: 0 })).toThrow(/significant/);
  });

  it("property: never prints a float artefact", () => {
    fc.assert(
      fc.property(amounts, tokenDecimals, (amount, decimals) => {
        expect(formatDecimal(amount, decimals)).not.toMatch(floatArtefact);
      }),
    );
  });

  it("property: within half a unit of the last digit kept (6 significant digits)", () => {
    fc.assert(
      fc.property(amounts, tokenDecimals, (amount, decimals) => {
        const shown = formatDecimal(amount, decimals);
        fc.pre(!shown.startsWith("<"));
        const back = parseTokenAmount(shown, decimals, "shown");
        const error = back > amount ? back - amount : amount - back;
        // |error| <= 0.5e-6 × amount, or below half a whole unit when whole units are all kept.
        const wholeUnit = 10n ** BigInt(decimals);
        expect(error * 2n * 10n ** 5n <= amount || error * 2n <= wholeUnit).toBe(true);
      }),
    );
  });

  it("property: amounts with at most 6 significant digits print exactly", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 999_999 }),
        fc.integer({ min: 0, max: 12 }),
        tokenDecimals,
        (digits, shift, decimals) => {
          const amount = BigInt(digits) * 10n ** BigInt(shift);
          fc.pre(decimals <= 8 || amount >= 10n ** BigInt(decimals - 8));
          expect(formatDecimal(amount, decimals)).toBe(
            formatUnits(amount, decimals).replace(/\.?0+$/, (m) => (m.includes(".") ? "" : m)),
          );
        },
      ),
    );
  });

  it("property: rounding keeps the order of amounts", () => {
    fc.assert(
      fc.property(amounts, amounts, (a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        const shown = (x: bigint) => formatDecimal(x, 18);
        fc.pre(!shown(low).startsWith("<") && !shown(high).startsWith("<"));
        expect(parseTokenAmount(shown(low), 18, "a")).toBeLessThanOrEqual(
          parseTokenAmount(shown(high), 18, "b"),
        );
      }),
    );
  });
});
