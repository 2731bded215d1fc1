import { formatTokenAmount, type TokenUnit } from "./format-token-amount.ts";
import { HOURS_PER_MONTH, SECONDS_PER_HOUR } from "./hours-per-month.ts";

/** A price as people read it: per hour and per month of {@link HOURS_PER_MONTH} hours. */
export type PriceView = { perHour: string; perMonth: string };

/**
 * A stream rate (base units per second) as `x SYMBOL/h` and `y SYMBOL/month`, multiplied out
 * exactly in base units before rounding for display.
 *
 * @example
 * formatRate(705_555_555_555_556n, { decimals: 18, symbol: "tGLM" });
 * // { perHour: "2.54 tGLM/h", perMonth: "1854.2 tGLM/month" }
 */
export function formatRate(ratePerSecond: bigint, token: TokenUnit): PriceView {
  return formatHourlyPrice(ratePerSecond * SECONDS_PER_HOUR, token);
}

/**
 * An hourly price (base units per hour) per hour and per month.
 *
 * @example
 * formatHourlyPrice(10n ** 18n, { decimals: 18, symbol: "GLM" }); // { perHour: "1 GLM/h", perMonth: "730 GLM/month" }
 */
export function formatHourlyPrice(perHour: bigint, token: TokenUnit): PriceView {
  return {
    perHour: `${formatTokenAmount(perHour, token)}/h`,
    perMonth: `${formatTokenAmount(perHour * HOURS_PER_MONTH, token)}/month`,
  };
}
