import { depletionTime, runwaySecondsAt } from "./depletion-time.ts";
import { type StreamAmounts, settleStream } from "./stream-balances.ts";

/** A stream's accounting at one unix second, as the contract's views would report it then. */
export type StreamStateAt = {
  /** Unix seconds the state is for. */
  at: bigint;
  /** What `withdraw` would pay the recipient (base units). */
  withdrawable: bigint;
  /** What `terminate` would refund the sender (base units). */
  refundable: bigint;
  /** Unix second the balance runs out; 0 when closed. */
  depletionTime: bigint;
  /** Open and not fully accrued. */
  isActive: boolean;
  /** Paid seconds left; 0 once depleted or closed. */
  runwaySeconds: bigint;
};

/**
 * Every derived number of a stream at unix second `at`, computed like the contract's views.
 *
 * @example
 * const { runwaySeconds } = streamStateAt(stream, block.timestamp);
 */
export function streamStateAt(stream: StreamAmounts, at: bigint): StreamStateAt {
  if (stream.closed) {
    return {
      at,
      withdrawable: 0n,
      refundable: 0n,
      depletionTime: 0n,
      isActive: false,
      runwaySeconds: 0n,
    };
  }
  const settled = settleStream(stream, at);
  return {
    at,
    withdrawable: settled.accrued,
    refundable: settled.balance,
    depletionTime: depletionTime(stream),
    isActive: settled.balance > 0n,
    runwaySeconds: runwaySecondsAt(stream, at),
  };
}
