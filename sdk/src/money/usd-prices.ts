import { divideRounded, exactDecimal } from "./exact-decimal.ts";
import { HOURS_PER_MONTH } from "./hours-per-month.ts";

/**
 * A monthly USD price as token base units per hour: `usdPerMonth × glmPerUsd / 730 h`,
 * in exact decimal arithmetic, rounded half up to a base unit.
 *
 * @example
 * hourlyFromUsdPerMonth(7.3, 2, 18); // 20000000000000000n (0.02 GLM per hour)
 */
export function hourlyFromUsdPerMonth(
  usdPerMonth: number,
  glmPerUsd: number,
  decimals: number,
): bigint {
  const usd = exactDecimal(usdPerMonth);
  const rate = exactDecimal(glmPerUsd);
  return divideRounded(
    usd.units * rate.units * 10n ** BigInt(decimals),
    10n ** BigInt(usd.scale + rate.scale) * HOURS_PER_MONTH,
  );
}

/**
 * An hourly price in token base units as USD per month, rounded half up to the cent
 * (`"3.65"`), or null when no GLM-per-USD rate is set (0).
 *
 * @example
 * usdPerMonthOfHourly(20_000_000_000_000_000n, 4, 18); // "3.65"
 */
export function usdPerMonthOfHourly(
  perHour: bigint,
  glmPerUsd: number,
  decimals: number,
): string | null {
  const rate = exactDecimal(glmPerUsd);
  if (rate.units === 0n) return null;
  const cents = divideRounded(
    perHour * HOURS_PER_MONTH * 100n * 10n ** BigInt(rate.scale),
    rate.units * 10n ** BigInt(decimals),
  );
  return `${cents / 100n}.${(cents % 100n).toString().padStart(2, "0")}`;
}
