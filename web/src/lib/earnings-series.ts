/** What one stream paying a provider has earned it, as the chart needs it. */
export type EarningStream = {
  /** Unix seconds the stream opened. */
  createdAt: bigint;
  ratePerSecond: bigint;
  /** Earned in all: withdrawn (and paid at termination) plus what is withdrawable now. */
  earned: bigint;
};

/** One point of the chart: unix seconds and what had accrued by then (token base units). */
export type EarningsPoint = { at: number; earned: bigint };

/**
 * Accrued earnings over time, summed over `streams`, at `points` evenly spaced times from the
 * first stream's opening to `now` (unix seconds). Each stream accrues at its rate from its
 * opening until it reaches what it has earned in all, which is exact for a stream paid without
 * gaps (one that ran dry and was topped up later is drawn as if its gap came at its end).
 *
 * @example
 * earningsSeries([{ createdAt: 0n, ratePerSecond: 1n, earned: 50n }], 100, 3);
 * // [{ at: 0, earned: 0n }, { at: 50, earned: 50n }, { at: 100, earned: 50n }]
 */
export function earningsSeries(
  streams: readonly EarningStream[],
  now: number,
  points = 48,
): EarningsPoint[] {
  if (streams.length === 0) return [];
  let first = streams[0]?.createdAt ?? 0n;
  for (const stream of streams) if (stream.createdAt < first) first = stream.createdAt;
  const start = Number(first);
  const end = Math.max(now, start);
  const count = end === start ? 1 : Math.max(2, points);
  const series: EarningsPoint[] = [];
  for (let i = 0; i < count; i++) {
    const at = count === 1 ? end : Math.round(start + ((end - start) * i) / (count - 1));
    series.push({ at, earned: earnedAt(streams, BigInt(at)) });
  }
  return series;
}

/** What `streams` had accrued by `at` (unix seconds). */
function earnedAt(streams: readonly EarningStream[], at: bigint): bigint {
  let total = 0n;
  for (const stream of streams) {
    if (at <= stream.createdAt) continue;
    const accrued = stream.ratePerSecond * (at - stream.createdAt);
    // bigint amounts: Math.min takes numbers only.
    if (accrued < stream.earned) total += accrued;
    else total += stream.earned;
  }
  return total;
}
