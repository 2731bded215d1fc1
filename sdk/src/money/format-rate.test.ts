import { describe, expect, it } from "vitest";
import { formatHourlyPrice, formatRate } from "./format-rate.ts";
import { formatTokenAmount } from "./format-token-amount.ts";
import { HOURS_PER_MONTH, SECONDS_PER_MONTH } from "./hours-per-month.ts";

const tglm = { decimals: 18, symbol: "tGLM" };

describe("token amounts and rates", () => {
  it("puts the symbol after the number", () => {
    expect(formatTokenAmount(12_500_000_000_000_000_000n, { decimals: 18, symbol: "GLM" })).toBe(
      "12.5 GLM",
    );
    expect(formatTokenAmount(0n, tglm)).toBe("0 tGLM");
    expect(formatTokenAmount(123_456_789n, { decimals: 6, symbol: "X" })).toBe("123.457 X");
  });

  it("a month is 730 hours (365 × 24 / 12)", () => {
    expect(HOURS_PER_MONTH).toBe(730n);
    expect(SECONDS_PER_MONTH).toBe(2_628_000n);
  });

  it("multiplies a rate per second out exactly before rounding for display", () => {
    // ceil(2.54 tGLM / 3600 s): the rate the demo's 2-core VM pays.
    const rate = (2_540_000_000_000_000_000n + 3599n) / 3600n;
    expect(formatRate(rate, tglm)).toEqual({
      perHour: "2.54 tGLM/h",
      perMonth: "1854.2 tGLM/month",
    });
    expect(formatRate(0n, tglm)).toEqual({ perHour: "0 tGLM/h", perMonth: "0 tGLM/month" });
    expect(formatRate(100_000_000_000_000n, tglm)).toEqual({
      perHour: "0.36 tGLM/h",
      perMonth: "262.8 tGLM/month",
    });
  });

  it("quotes an hourly price per month of 730 hours", () => {
    expect(formatHourlyPrice(10n ** 18n, { decimals: 18, symbol: "GLM" })).toEqual({
      perHour: "1 GLM/h",
      perMonth: "730 GLM/month",
    });
  });
});
