import { exactDecimal } from "./exact-decimal.ts";
import { SECONDS_PER_HOUR } from "./hours-per-month.ts";

/**
 * Whole seconds in a decimal number of hours, computed exactly from the decimal as written
 * (`4.35` h is 15660 s, where `4.35 * 3600` in floats is 15659.999…), rounded `down` or `up`
 * to a second. A deposit is rate × these seconds, so no float error reaches an amount.
 *
 * @example
 * secondsOfHours(4.35, "down"); // 15660n
 * secondsOfHours("0.0001", "up"); // 1n
 */
export function secondsOfHours(hours: number | string, rounding: "down" | "up"): bigint {
  const { units, scale } = exactDecimal(hours);
  const denominator = 10n ** BigInt(scale);
  const numerator = units * SECONDS_PER_HOUR;
  return rounding === "up" ? (numerator + denominator - 1n) / denominator : numerator / denominator;
}
