import { parseUnits } from "viem";
import { GolemError } from "../errors/golem-error.ts";

/**
 * Parses a decimal token amount typed by a person (`"25"`, `"0.5"`) to base units, exactly.
 * `field` names the flag or input in the `VALIDATION_FAILED` error; negatives, exponents,
 * junk and more decimals than the token has are refused.
 *
 * @example
 * parseTokenAmount("0.5", 18, "--glm"); // 500000000000000000n
 */
export function parseTokenAmount(text: string, decimals: number, field: string): bigint {
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
