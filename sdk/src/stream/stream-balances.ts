/** The fields of an on-chain stream that its accounting depends on (a subset of `getStream`). */
export type StreamAmounts = {
  /** Deposited base units not yet accrued at `lastUpdate`. */
  readonly balance: bigint;
  /** Base units accrued to the recipient and not yet withdrawn, at `lastUpdate`. */
  readonly accrued: bigint;
  /** Unix seconds up to which `balance` and `accrued` are settled. */
  readonly lastUpdate: number | bigint;
  /** True once terminated. */
  readonly closed: boolean;
  /** Base units accrued per second. */
  readonly ratePerSecond: bigint;
};

/** A stream's balances settled at some time, as the contract's settle step would store them. */
export type SettledStream = {
  /** Base units not yet accrued. */
  balance: bigint;
  /** Base units accrued and not yet withdrawn. */
  accrued: bigint;
  /** Unix seconds the balances are settled at. */
  lastUpdate: bigint;
};

/**
 * Settles a stream at unix second `at` exactly as StreamPayment does: accrual is
 * `ratePerSecond × elapsed`, capped by the balance. A closed stream does not accrue.
 *
 * @example
 * settleStream(stream, block.timestamp).accrued; // what withdraw would pay
 */
export function settleStream(stream: StreamAmounts, at: bigint): SettledStream {
  const lastUpdate = BigInt(stream.lastUpdate);
  if (stream.closed || at <= lastUpdate) {
    return { balance: stream.balance, accrued: stream.accrued, lastUpdate };
  }
  const due = stream.ratePerSecond * (at - lastUpdate);
  const streamed = due < stream.balance ? due : stream.balance;
  return { balance: stream.balance - streamed, accrued: stream.accrued + streamed, lastUpdate: at };
}

/** What `withdraw` pays the recipient at unix second `at` (base units); 0 for a closed stream. */
export function withdrawableAt(stream: StreamAmounts, at: bigint): bigint {
  return stream.closed ? 0n : settleStream(stream, at).accrued;
}

/** What `terminate` refunds the sender at unix second `at` (base units); 0 for a closed stream. */
export function refundableAt(stream: StreamAmounts, at: bigint): bigint {
  return stream.closed ? 0n : settleStream(stream, at).balance;
}
