import type { Advert } from "@vm-on-golem/sdk/advert";
import { type AcceptedDeployment, verifyAdvert } from "@vm-on-golem/sdk/advert";
import { type AdvertFilters, fetchAdvertsHttp, matchesFilters } from "@vm-on-golem/sdk/discovery";
import type { ProviderInfoView } from "@vm-on-golem/sdk/provider-client";
import type { HourlyPrices } from "@vm-on-golem/sdk/stream";

type Amounts = { cpu: number; memoryGiB: number; storageGiB: number };

/** One provider in the table: from a verified advert, or added by URL (its `provider/info`). */
export type ProviderRow = {
  apiUrl: string;
  source: "advert" | "added";
  /** The signed advert, when the row comes from one (signature checked in the page). */
  advert: Advert | undefined;
  providerId: string | null;
  name: string | null;
  country: string | null;
  platform: string | null;
  free: Amounts | null;
  /** Token base units per hour; null when the provider takes no payments. */
  prices: HourlyPrices | null;
  chainId: number | null;
  /** The StreamPayment the provider is paid on (its advert's, else its info's); null: unknown. */
  streamPayment: string | null;
};

/** Adverts read from one node's `/api/v1/adverts`: the verified ones, and how many were refused. */
export type AdvertSourceResult = { rows: ProviderRow[]; refused: string[] };

/**
 * Reads `<url>/api/v1/adverts` and verifies every advert's EIP-712 signature, chain, contract and
 * times in the page; only verified adverts become rows.
 *
 * @example
 * const { rows, refused } = await loadAdvertRows("http://127.0.0.1:7466", [{ chainId: 31337 }]);
 */
export async function loadAdvertRows(
  url: string,
  accept: AcceptedDeployment[],
  now = Math.floor(Date.now() / 1000),
): Promise<AdvertSourceResult> {
  const raw = await fetchAdvertsHttp({ url, timeoutMs: 8_000 });
  const rows: ProviderRow[] = [];
  const refused: string[] = [];
  for (const item of raw) {
    const result = await verifyAdvert(item, { accept, now });
    if (!result.ok) {
      refused.push(`${result.reason}: ${result.message}`);
      continue;
    }
    rows.push(rowFromAdvert(result.advert));
  }
  return { rows, refused };
}

/**
 * A row for a verified advert (from HTTP or libp2p gossip).
 *
 * @example
 * const rows = store.list().map((signed) => rowFromAdvert(signed.advert));
 */
export function rowFromAdvert(advert: Advert): ProviderRow {
  return {
    apiUrl: advert.apiUrl.replace(/\/+$/, ""),
    source: "advert",
    advert,
    providerId: advert.provider,
    name: null,
    country: advert.country,
    platform: advert.platform,
    free: advert.resources.free,
    prices: advert.prices,
    chainId: advert.chainId,
    streamPayment: advert.streamPayment,
  };
}

/**
 * What `provider/info` says about prices (token base units per hour) and the payments chain;
 * the client has checked the answer against the provider API's schema.
 *
 * @example
 * const { prices, chainId } = infoPayments(await client.providerInfo());
 */
export function infoPayments(info: ProviderInfoView): {
  prices: HourlyPrices | null;
  chainId: number | null;
  streamPayment: string | null;
} {
  const { prices } = info;
  return {
    prices: prices && {
      perCoreHour: BigInt(prices.perCoreHour),
      perGiBMemoryHour: BigInt(prices.perGiBMemoryHour),
      perGiBDiskHour: BigInt(prices.perGiBDiskHour),
    },
    chainId: info.payments?.chainId ?? null,
    streamPayment: info.payments?.streamPayment ?? null,
  };
}

/**
 * A row for a provider added by URL, from its `GET /api/v1/provider/info`.
 *
 * @example
 * const row = rowFromInfo(apiUrl, await publicProviderClient(apiUrl).providerInfo());
 */
export function rowFromInfo(apiUrl: string, info: ProviderInfoView): ProviderRow {
  const { prices, chainId, streamPayment } = infoPayments(info);
  return {
    apiUrl,
    source: "added",
    advert: undefined,
    providerId: info.providerId,
    name: info.name,
    country: info.country,
    platform: null,
    free: info.resources.free,
    prices,
    chainId,
    streamPayment,
  };
}

/**
 * Price per hour of a size at a row's prices (missing parts count as 0).
 *
 * @example
 * rowHourlyPrice(row.prices, { cpu: 2, memoryGiB: 4 }); // 2·core + 4·GiB-memory per hour
 */
export function rowHourlyPrice(prices: HourlyPrices, size: AdvertFilters): bigint {
  return (
    BigInt(size.cpu ?? 0) * prices.perCoreHour +
    BigInt(size.memoryGiB ?? 0) * prices.perGiBMemoryHour +
    BigInt(size.storageGiB ?? 0) * prices.perGiBDiskHour
  );
}

/**
 * True when a row passes the filters: advert rows through the sdk's `matchesFilters`, added rows
 * by what their `provider/info` tells (unknown fields pass).
 *
 * @example
 * const shown = rows.filter((row) => rowMatches(row, { cpu: 2, country: "SE", chainId: 31337 }));
 */
export function rowMatches(row: ProviderRow, filters: AdvertFilters): boolean {
  if (row.advert) return matchesFilters(row.advert, filters);
  const free = row.free;
  if (free && filters.cpu !== undefined && free.cpu < filters.cpu) return false;
  if (free && filters.memoryGiB !== undefined && free.memoryGiB < filters.memoryGiB) return false;
  if (free && filters.storageGiB !== undefined && free.storageGiB < filters.storageGiB) {
    return false;
  }
  if (filters.country !== undefined && row.country !== null) {
    const wanted = typeof filters.country === "string" ? [filters.country] : filters.country;
    if (!wanted.map((c) => c.toUpperCase()).includes(row.country.toUpperCase())) return false;
  }
  if (filters.chainId !== undefined && row.chainId !== null && row.chainId !== filters.chainId) {
    return false;
  }
  if (filters.maxPrice !== undefined && row.prices) {
    const sized =
      filters.cpu !== undefined ||
      filters.memoryGiB !== undefined ||
      filters.storageGiB !== undefined;
    const price = sized ? rowHourlyPrice(row.prices, filters) : row.prices.perCoreHour;
    if (price > filters.maxPrice) return false;
  }
  return true;
}
