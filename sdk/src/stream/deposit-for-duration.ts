import { GolemError } from "../errors/golem-error.ts";

/**
 * Deposit (base units) that pays `seconds` of a stream at `ratePerSecond`.
 *
 * @example
 * depositForDuration(rate, 3600n); // one hour
 */
export function depositForDuration(ratePerSecond: bigint, seconds: bigint | number): bigint {
  const duration = BigInt(seconds);
  if (ratePerSecond < 0n || duration < 0n) {
    throw new GolemError("VALIDATION_FAILED", "rate and duration must not be negative", {
      details: { ratePerSecond: ratePerSecond.toString(), seconds: duration.toString() },
    });
  }
  return ratePerSecond * duration;
}
