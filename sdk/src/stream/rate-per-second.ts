import { GolemError } from "../errors/golem-error.ts";

/** Hourly prices in token base units, as in an advert's `prices`. */
export type HourlyPrices = {
  /** Per core and hour. */
  readonly perCoreHour: bigint;
  /** Per GiB of memory and hour. */
  readonly perGiBMemoryHour: bigint;
  /** Per GiB of disk and hour. */
  readonly perGiBDiskHour: bigint;
};

/** Whole cores and GiB a VM asks for. */
export type ResourceRequest = {
  readonly cpu: number;
  readonly memoryGiB: number;
  readonly storageGiB: number;
};

/**
 * Stream rate (base units per second) for `resources` at hourly `prices`:
 * `ceil((cpu × perCoreHour + memoryGiB × perGiBMemoryHour + storageGiB × perGiBDiskHour) / 3600)`,
 * rounded up so the provider is never paid less than its hourly price.
 *
 * @example
 * ratePerSecond(advert.prices, { cpu: 2, memoryGiB: 4, storageGiB: 20 });
 */
export function ratePerSecond(prices: HourlyPrices, resources: ResourceRequest): bigint {
  for (const [field, value] of Object.entries(resources)) {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new GolemError(
        "VALIDATION_FAILED",
        `${field} must be a whole number >= 0, not ${value}`,
        {
          details: { field, value: String(value) },
        },
      );
    }
  }
  for (const [field, value] of Object.entries(prices)) {
    if (value < 0n) {
      throw new GolemError("VALIDATION_FAILED", `price ${field} is negative`, {
        details: { field, value: value.toString() },
      });
    }
  }
  const perHour =
    BigInt(resources.cpu) * prices.perCoreHour +
    BigInt(resources.memoryGiB) * prices.perGiBMemoryHour +
    BigInt(resources.storageGiB) * prices.perGiBDiskHour;
  return (perHour + 3599n) / 3600n;
}
