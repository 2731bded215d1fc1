import type { Advert, SignedAdvert } from "@vm-on-golem/sdk/advert";
import { paymentsNetworkLabel } from "@vm-on-golem/sdk/deployments";
import type { ProviderReachability } from "@vm-on-golem/sdk/discovery";
import {
  type AdvertFilters,
  comparablePrice,
  hourlyPrice,
  type ResourceSize,
} from "@vm-on-golem/sdk/discovery";
import { HOURS_PER_MONTH } from "@vm-on-golem/sdk/money";
import { type Address, isAddressEqual } from "viem";
import type { OwnDeployment } from "../chain/own-deployment.ts";

/**
 * True when the advert's prices are in this CLI's token (same chain and token address), so
 * they may be shown with its decimals and symbol and compared with `--max-price`.
 *
 * @example
 * paysInOwnToken(advert, { chainId: 31337, streamPayment, token: GLM.address });
 */
export function paysInOwnToken(
  advert: Pick<Advert, "chainId" | "token">,
  own: OwnDeployment,
): boolean {
  return advert.chainId === own.chainId && isAddressEqual(advert.token, own.token);
}

/** True when the advert names this CLI's chain, StreamPayment and token: `vm create` can rent it. */
export function isOwnDeployment(
  advert: Pick<Advert, "chainId" | "streamPayment" | "token">,
  own: OwnDeployment,
): boolean {
  return paysInOwnToken(advert, own) && isAddressEqual(advert.streamPayment, own.streamPayment);
}

/**
 * Applies `--max-price` (base units of this CLI's token) to adverts priced in that token only;
 * adverts in any other token cannot be compared with it and are kept.
 *
 * @example
 * withinMaxPrice(adverts, { cpu: 2, maxPrice: 10n ** 18n }, own);
 */
export function withinMaxPrice(
  adverts: readonly SignedAdvert[],
  filters: AdvertFilters,
  own: OwnDeployment,
): SignedAdvert[] {
  const { maxPrice } = filters;
  if (maxPrice === undefined) return [...adverts];
  return adverts.filter(
    ({ advert }) => !paysInOwnToken(advert, own) || comparablePrice(advert, filters) <= maxPrice,
  );
}

/** One provider as `golem vm providers` shows it (prices in base units of the advert's token). */
export type ProviderRow = {
  providerId: Address;
  /** Payments network name (`local`, `sepolia`, …) or `chain <id>`. */
  network: string;
  chainId: number;
  streamPayment: Address;
  /** The token prices are in. */
  token: Address;
  /** Paid through this CLI's own chain, StreamPayment and token: `vm create` can rent it. */
  ownDeployment: boolean;
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
 * core / 1 GiB, so prices compare on the same footing). Rows of this CLI's own deployment come
 * first, then the others by chain id; the adverts' order (cheapest first) holds within each.
 *
 * @example
 * providerRows(await client.findProviders(filters), { cpu: 2, memoryGiB: 4 }, own);
 */
export function providerRows(
  adverts: readonly SignedAdvert[],
  size: ResourceSize,
  own: OwnDeployment,
): ProviderRow[] {
  const priceFor = {
    cpu: size.cpu ?? 1,
    memoryGiB: size.memoryGiB ?? 1,
    storageGiB: size.storageGiB ?? 1,
  };
  const rows = adverts.map(({ advert }): ProviderRow => {
    const pricePerHour = hourlyPrice(advert, priceFor);
    return {
      providerId: advert.provider,
      network: paymentsNetworkLabel(advert.chainId),
      chainId: advert.chainId,
      streamPayment: advert.streamPayment,
      token: advert.token,
      ownDeployment: isOwnDeployment(advert, own),
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
  // Stable sort: price order holds within each group; prices in different tokens are never
  // ranked against each other.
  return rows.sort(
    (a, b) =>
      Number(b.ownDeployment) - Number(a.ownDeployment) ||
      a.chainId - b.chainId ||
      a.token.toLowerCase().localeCompare(b.token.toLowerCase()),
  );
}

/** A row with what probing the provider's API found just now. */
export type ProbedProviderRow = ProviderRow & { reachability: ProviderReachability };

/**
 * Joins rows with their probe results (same order) and lists the providers that answered
 * first; within each group the rows keep their order (cheapest first).
 *
 * @example
 * const probed = withReachability(rows, await probeProviders({ targets: rows }));
 */
export function withReachability(
  rows: readonly ProviderRow[],
  reachability: readonly ProviderReachability[],
): ProbedProviderRow[] {
  const joined = rows.map((row, i) => {
    const seen = reachability[i];
    if (seen === undefined) throw new RangeError(`no probe result for row ${i}`);
    return { ...row, reachability: seen };
  });
  // Array.prototype.sort is stable, so price order holds within each group.
  return joined.sort((a, b) => Number(b.reachability.reachable) - Number(a.reachability.reachable));
}

/**
 * The table cell for a probe result: `yes, 12 ms` or `no: timeout`.
 *
 * @example
 * reachabilityText({ reachable: false, reason: "http-error", status: 500 }); // "no: HTTP 500"
 */
export function reachabilityText(seen: ProviderReachability): string {
  if (seen.reachable) return `yes, ${seen.latencyMs} ms`;
  switch (seen.reason) {
    case "timeout":
      return "no: timeout";
    case "unreachable":
      return seen.detail === "ECONNREFUSED" ? "no: refused" : "no: unreachable";
    case "http-error":
      return seen.status === undefined ? "no: HTTP error" : `no: HTTP ${seen.status}`;
    case "wrong-provider":
      return "no: wrong provider";
    case "payments-off":
      return "no: payments off";
    case "refused-url":
      return "no: private or non-origin URL";
  }
}
