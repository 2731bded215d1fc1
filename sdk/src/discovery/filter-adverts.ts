import type { Advert, SignedAdvert } from "../advert/advert-schema.ts";

/** The requestor's filters (the seed's `golem vm providers` options). */
export type AdvertFilters = {
  /** Cores needed: free cpu must be at least this. */
  cpu?: number | undefined;
  /** GiB of memory needed. */
  memoryGiB?: number | undefined;
  /** GiB of disk needed. */
  storageGiB?: number | undefined;
  /** ISO 3166-1 alpha-2 code(s); any case. */
  country?: string | readonly string[] | undefined;
  /** CPU architecture, e.g. `x86_64`. */
  platform?: string | undefined;
  /** Payments network: only providers paid on this chain (unless `all`). */
  chainId?: number | undefined;
  /**
   * Highest price in token base units: per hour for the requested size when any of cpu/memory/
   * storage is given, else per core-hour.
   */
  maxPrice?: bigint | undefined;
  /** Include providers on other payment networks than `chainId`. */
  all?: boolean | undefined;
};

/** The size whose hourly price is asked for. */
export type ResourceSize = {
  cpu?: number | undefined;
  memoryGiB?: number | undefined;
  storageGiB?: number | undefined;
};

const hasSize = (size: ResourceSize) =>
  size.cpu !== undefined || size.memoryGiB !== undefined || size.storageGiB !== undefined;

/**
 * Price per hour of `size` at a provider, in token base units (missing parts count as 0).
 *
 * @example
 * hourlyPrice(advert, { cpu: 2, memoryGiB: 4, storageGiB: 20 }); // 2·core + 4·GiB-mem + 20·GiB-disk
 */
export function hourlyPrice(advert: Advert, size: ResourceSize): bigint {
  const { perCoreHour, perGiBMemoryHour, perGiBDiskHour } = advert.prices;
  return (
    BigInt(size.cpu ?? 0) * perCoreHour +
    BigInt(size.memoryGiB ?? 0) * perGiBMemoryHour +
    BigInt(size.storageGiB ?? 0) * perGiBDiskHour
  );
}

/** The price a filter compares: hourly for the size, or per core-hour when no size is given. */
export function comparablePrice(advert: Advert, filters: AdvertFilters): bigint {
  return hasSize(filters) ? hourlyPrice(advert, filters) : advert.prices.perCoreHour;
}

/** True when `advert` passes every filter that is set. */
export function matchesFilters(advert: Advert, filters: AdvertFilters): boolean {
  const free = advert.resources.free;
  if (filters.cpu !== undefined && free.cpu < filters.cpu) return false;
  if (filters.memoryGiB !== undefined && free.memoryGiB < filters.memoryGiB) return false;
  if (filters.storageGiB !== undefined && free.storageGiB < filters.storageGiB) return false;
  if (filters.country !== undefined) {
    const wanted = (typeof filters.country === "string" ? [filters.country] : filters.country).map(
      (c) => c.toUpperCase(),
    );
    if (!wanted.includes(advert.country)) return false;
  }
  if (filters.platform !== undefined && advert.platform !== filters.platform.toLowerCase())
    return false;
  if (filters.chainId !== undefined && !filters.all && advert.chainId !== filters.chainId)
    return false;
  if (filters.maxPrice !== undefined && comparablePrice(advert, filters) > filters.maxPrice)
    return false;
  return true;
}

/**
 * Keeps the adverts that pass `filters`, cheapest first (by the compared price).
 *
 * @example
 * filterAdverts(store.list(), { cpu: 2, memoryGiB: 4, chainId: 31337, maxPrice: 10n ** 17n });
 */
export function filterAdverts(
  adverts: readonly SignedAdvert[],
  filters: AdvertFilters = {},
): SignedAdvert[] {
  const price = (signed: SignedAdvert) => comparablePrice(signed.advert, filters);
  return adverts
    .filter((signed) => matchesFilters(signed.advert, filters))
    .sort((a, b) => {
      const diff = price(a) - price(b);
      return diff < 0n ? -1 : diff > 0n ? 1 : 0;
    });
}
