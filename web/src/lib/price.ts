import { parseTokenAmount } from "@vm-on-golem/sdk/money";
import { formatDuration } from "./format.ts";

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
 * A decimal token amount typed into a form field, in base units (the sdk's exact parser), or
 * `undefined` while the field is empty or invalid.
 *
 * @example
 * parseTokenInput("0.5", 18); // 500000000000000000n
 */
export function parseTokenInput(text: string, decimals: number): bigint | undefined {
  try {
    return parseTokenAmount(text, decimals, "amount");
  } catch {
    return undefined;
  }
}
