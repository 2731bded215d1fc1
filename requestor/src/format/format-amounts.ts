import { GolemError } from "@vm-on-golem/sdk/errors/golem-error";
import { formatUnits, parseUnits } from "viem";

/**
 * Token base units as a decimal amount with its symbol, e.g. `12.5 tGLM`.
 *
 * @example
 * formatGlm(12_500_000_000_000_000_000n, 18, "GLM"); // "12.5 GLM"
 */
export function formatGlm(amount: bigint, decimals: number, symbol: string): string {
  return `${formatUnits(amount, decimals)} ${symbol}`;
}

/**
 * Parses a decimal token amount (`"25"`, `"0.5"`) to base units; `field` names the flag in
 * the error. Rejects negatives, junk and more decimals than the token has.
 */
export function parseGlm(text: string, decimals: number, field: string): bigint {
  const trimmed = text.trim();
  const [, fraction = ""] = trimmed.split(".");
  if (!/^\d+(\.\d+)?$/.test(trimmed) || fraction.length > decimals) {
    throw new GolemError("VALIDATION_FAILED", `${field} must be a decimal amount, not "${text}"`, {
      hints: [`pass e.g. ${field} 2.5 (at most ${decimals} decimals)`],
      details: { field, value: text },
    });
  }
  return parseUnits(trimmed, decimals);
}

/**
 * Parses a positive decimal number of hours to whole seconds (rounded down, at least 1).
 *
 * @example
 * hoursToSeconds("1.5", "--hours"); // 5400n
 */
export function hoursToSeconds(text: string, field: string): bigint {
  const hours = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text.trim()) || !(hours > 0) || !Number.isFinite(hours)) {
    throw new GolemError("VALIDATION_FAILED", `${field} must be a positive number of hours`, {
      hints: [`pass e.g. ${field} 2`],
      details: { field, value: text },
    });
  }
  return BigInt(Math.max(1, Math.floor(hours * 3600)));
}

/**
 * Seconds as `1d 2h 3m 4s` (zero units left out; `0s` for zero).
 *
 * @example
 * formatDuration(3725n); // "1h 2m 5s"
 */
export function formatDuration(seconds: bigint): string {
  if (seconds <= 0n) return "0s";
  const parts: string[] = [];
  let rest = seconds;
  for (const [unit, size] of [
    ["d", 86_400n],
    ["h", 3600n],
    ["m", 60n],
    ["s", 1n],
  ] as const) {
    const count = rest / size;
    rest %= size;
    if (count > 0n) parts.push(`${count}${unit}`);
  }
  return parts.join(" ");
}

/** Unix seconds as ISO 8601 UTC, or `-` for 0 (closed stream). */
export function formatUnixTime(seconds: bigint): string {
  return seconds === 0n ? "-" : new Date(Number(seconds) * 1000).toISOString();
}
