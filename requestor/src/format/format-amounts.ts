import { GolemError } from "@vm-on-golem/sdk/errors";
import { secondsOfHours } from "@vm-on-golem/sdk/money";

/**
 * Parses a positive decimal number of hours to whole seconds (rounded down, at least 1).
 *
 * @example
 * hoursToSeconds("1.5", "--hours"); // 5400n
 */
export function hoursToSeconds(text: string, field: string): bigint {
  if (!/^\d+(\.\d+)?$/.test(text.trim()) || !/[1-9]/.test(text)) {
    throw new GolemError("VALIDATION_FAILED", `${field} must be a positive number of hours`, {
      hints: [`pass e.g. ${field} 2`],
      details: { field, value: text },
    });
  }
  const seconds = secondsOfHours(text, "down");
  return seconds > 0n ? seconds : 1n;
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
