import { GolemError } from "../errors/golem-error.ts";
import { refundableAt, type StreamAmounts } from "./stream-balances.ts";

/**
 * Unix second at which the stream's balance is fully accrued, as `depletionTimeOf`:
 * `lastUpdate + ceil(balance / ratePerSecond)`; 0 for a closed stream.
 */
export function depletionTime(stream: StreamAmounts): bigint {
  if (stream.closed) return 0n;
  if (stream.ratePerSecond <= 0n) {
    throw new GolemError("RATE_ZERO", "the stream's rate is 0 per second");
  }
  const rate = stream.ratePerSecond;
  return BigInt(stream.lastUpdate) + (stream.balance + rate - 1n) / rate;
}

/** Seconds of paid time left at unix second `at`; 0 once depleted or closed. */
export function runwaySecondsAt(stream: StreamAmounts, at: bigint): bigint {
  if (stream.closed) return 0n;
  const end = depletionTime(stream);
  return end > at ? end - at : 0n;
}

/** Whether the stream still pays at unix second `at`, as `isActive`: open and not fully accrued. */
export function isActiveAt(stream: StreamAmounts, at: bigint): boolean {
  return !stream.closed && refundableAt(stream, at) > 0n;
}
