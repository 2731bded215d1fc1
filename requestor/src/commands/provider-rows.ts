import type { SignedAdvert } from "@vm-on-golem/sdk/advert/advert-schema";
import { hourlyPrice, type ResourceSize } from "@vm-on-golem/sdk/discovery/filter-adverts";

/** Hours in an average month (365.25 × 24 / 12), for monthly prices. */
export const HOURS_PER_MONTH = 730n;

/** One provider as `golem vm providers` shows it (prices in token base units). */
export type ProviderRow = {
  providerId: string;
  apiUrl: string;
  country: string;
  platform: string;
  free: { cpu: number; memoryGiB: number; storageGiB: number };
  prices: { perCoreHour: bigint; perGiBMemoryHour: bigint; perGiBDiskHour: bigint };
  /** For the requested size, or for 1 core + 1 GiB memory + 1 GiB disk without one. */
  pricePerHour: bigint;
  pricePerMonth: bigint;
  /** The size the price is for. */
  priceFor: { cpu: number; memoryGiB: number; storageGiB: number };
  expiresAt: number;
};

/**
 * Rows for verified adverts: hourly and monthly price of `size` (missing parts count as 1
 * core / 1 GiB, so prices compare on the same footing).
 *
 * @example
 * providerRows(await client.findProviders(filters), { cpu: 2, memoryGiB: 4 });
 */
export function providerRows(adverts: readonly SignedAdvert[], size: ResourceSize): ProviderRow[] {
  const priceFor = {
    cpu: size.cpu ?? 1,
    memoryGiB: size.memoryGiB ?? 1,
    storageGiB: size.storageGiB ?? 1,
  };
  return adverts.map(({ advert }) => {
    const pricePerHour = hourlyPrice(advert, priceFor);
    return {
      providerId: advert.provider,
      apiUrl: advert.apiUrl,
      country: advert.country,
      platform: advert.platform,
      free: { ...advert.resources.free },
      prices: { ...advert.prices },
      pricePerHour,
      pricePerMonth: pricePerHour * HOURS_PER_MONTH,
      priceFor,
      expiresAt: advert.expiresAt,
    };
  });
}
