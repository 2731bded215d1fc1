import { GolemError } from "../errors/golem-error.ts";

/** A decimal number held exactly: `units / 10^scale`. */
export type ExactDecimal = { readonly units: bigint; readonly scale: number };

/**
 * The exact decimal a person wrote: a decimal string, or a JS number read as the shortest
 * decimal that round-trips to it (`7.2` is 72 / 10, not the binary double's 7.2000000000000002).
 * Fails with `VALIDATION_FAILED` for negatives, NaN, infinities and junk.
 *
 * @example
 * exactDecimal(7.2); // { units: 72n, scale: 1 }
 * exactDecimal("1e-7"); // { units: 1n, scale: 7 }
 */
export function exactDecimal(value: number | string): ExactDecimal {
  const text = typeof value === "number" ? String(value) : value.trim();
  const match = /^(\d+)(?:\.(\d*))?(?:e([+-]?\d+))?$/i.exec(text);
  if (!match) {
    throw new GolemError("VALIDATION_FAILED", `${text} is not a decimal number of 0 or more`, {
      details: { value: text },
    });
  }
  const [, whole = "0", fraction = "", exponent = "0"] = match;
  const scale = fraction.length - Number(exponent);
  const units = BigInt(whole + fraction);
  return scale >= 0 ? { units, scale } : { units: units * 10n ** BigInt(-scale), scale: 0 };
}

/**
 * `numerator / denominator` rounded half up, for non-negative bigints.
 *
 * @example
 * divideRounded(5n, 2n); // 3n
 */
export function divideRounded(numerator: bigint, denominator: bigint): bigint {
  if (numerator < 0n || denominator <= 0n) {
    throw new GolemError("VALIDATION_FAILED", "divideRounded takes n >= 0 and d > 0");
  }
  return (numerator * 2n + denominator) / (denominator * 2n);
}
