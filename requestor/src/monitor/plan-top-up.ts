/** Parameters of {@link planTopUp}. */
export type PlanTopUpParameters = {
  /** Base units per second the stream pays. */
  ratePerSecond: bigint;
  /** Paid seconds left now. */
  runwaySeconds: bigint;
  closed: boolean;
  /** Top up when the runway is below this (s). */
  minRunwaySeconds: number;
  /** Top up to this runway (s); at least `minRunwaySeconds`, so top-ups come in batches. */
  targetRunwaySeconds: number;
};

/**
 * How much to add to a stream now (base units): nothing while its runway covers the minimum,
 * else enough to reach the target runway. A closed stream is never topped up.
 *
 * @example
 * planTopUp({ ratePerSecond: 10n, runwaySeconds: 60n, closed: false, minRunwaySeconds: 3600, targetRunwaySeconds: 7200 }); // 71_400n
 */
export function planTopUp(params: PlanTopUpParameters): bigint {
  if (params.closed || params.ratePerSecond <= 0n) return 0n;
  if (params.runwaySeconds >= BigInt(params.minRunwaySeconds)) return 0n;
  const target = BigInt(Math.max(params.targetRunwaySeconds, params.minRunwaySeconds));
  return params.ratePerSecond * (target - params.runwaySeconds);
}
