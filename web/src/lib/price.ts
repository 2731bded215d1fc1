import { formatDuration, formatToken } from "./format.ts";

/** Seconds in the 30-day month prices are quoted for. */
export const SECONDS_PER_MONTH = 30n * 86_400n;

/** The token a price is paid in. */
export type TokenUnit = { decimals: number; symbol: string };

/** A stream rate as the page shows it: per hour and per 30-day month. */
export type PriceView = { perHour: string; perMonth: string };

/**
 * A rate in base units per second as `x SYMBOL/h` and `y SYMBOL/month`.
 *
 * @example
 * formatRate(100_000_000_000_000n, { decimals: 18, symbol: "tGLM" }); // { perHour: "0.36 tGLM/h", perMonth: "259.2 tGLM/month" }
 */
export function formatRate(ratePerSecond: bigint, token: TokenUnit): PriceView {
  return {
    perHour: `${formatToken(ratePerSecond * 3600n, token.decimals, token.symbol)}/h`,
    perMonth: `${formatToken(ratePerSecond * SECONDS_PER_MONTH, token.decimals, token.symbol)}/month`,
  };
}

/**
 * An hourly price (base units per hour) per hour and per month.
 *
 * @example
 * formatHourly(10n ** 18n, { decimals: 18, symbol: "GLM" }); // { perHour: "1 GLM/h", perMonth: "720 GLM/month" }
 */
export function formatHourly(perHour: bigint, token: TokenUnit): PriceView {
  return {
    perHour: `${formatToken(perHour, token.decimals, token.symbol)}/h`,
    perMonth: `${formatToken(perHour * 720n, token.decimals, token.symbol)}/month`,
  };
}

/**
 * How old an advert is and how long it stays valid, e.g. `2 min ago, valid 8 min`.
 *
 * @example
 * formatFreshness({ issuedAt: 1000, expiresAt: 1600 }, 1120); // "2 min ago, valid 8 min"
 */
export function formatFreshness(
  advert: { issuedAt: number; expiresAt: number },
  nowSeconds: number,
): string {
  if (advert.expiresAt <= nowSeconds) return "expired";
  const age = Math.max(0, nowSeconds - advert.issuedAt);
  const left = BigInt(advert.expiresAt - nowSeconds);
  return `${age < 5 ? "just now" : `${formatDuration(BigInt(age))} ago`}, valid ${formatDuration(left)}`;
}

/**
 * Time left until `depletionTime` (unix seconds), counting down: `1 h 5 min` or `depleted`.
 *
 * @example
 * formatRunway(1_700_003_600, 1_700_000_000); // "1 h"
 */
export function formatRunway(depletionTime: number | null, nowSeconds: number): string {
  if (depletionTime === null || depletionTime <= nowSeconds) return "depleted";
  return formatDuration(BigInt(depletionTime - nowSeconds));
}

/**
 * Parses a decimal token amount typed by the user into base units (`undefined` when empty/invalid).
 *
 * @example
 * parseTokenInput("0.5", 18); // 500000000000000000n
 */
export function parseTokenInput(text: string, decimals: number): bigint | undefined {
  const trimmed = text.trim();
  if (!/^\d+(\.\d+)?$/.test(trimmed)) return undefined;
  const [whole = "0", fraction = ""] = trimmed.split(".");
  if (fraction.length > decimals) return undefined;
  return BigInt(whole) * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, "0") || "0");
}
