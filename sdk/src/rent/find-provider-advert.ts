import { type Address, isAddressEqual } from "viem";
import type { Advert } from "../advert/advert-schema.ts";
import { type AcceptedDeployment, verifyAdvert } from "../advert/verify-advert.ts";
import { fetchAdvertsHttp } from "../discovery/fetch-adverts-http.ts";

/** Parameters of {@link findProviderAdvert}. */
export type FindProviderAdvertParameters = {
  /** A node's API base URL (the provider's own: it serves the adverts it holds, its own too). */
  url: string;
  /** The provider id the advert must be signed by. */
  provider: Address;
  /** Deployments accepted, as for `verifyAdvert`. */
  accept: readonly AcceptedDeployment[];
  fetch?: typeof fetch | undefined;
  timeoutMs?: number | undefined;
  /** Unix seconds; default the clock. */
  now?: number | undefined;
};

/**
 * The newest advert signed by `provider` among those `url` serves at `/api/v1/adverts`, each
 * verified here (signature, deployment, times); undefined when there is none or the node does
 * not answer. For a provider reached by URL, so its offer can still be held to its signed prices.
 *
 * @example const advert = await findProviderAdvert({ url: "http://127.0.0.1:7466", provider, accept: [own] });
 */
export async function findProviderAdvert(
  parameters: FindProviderAdvertParameters,
): Promise<Advert | undefined> {
  let raw: unknown[];
  try {
    raw = await fetchAdvertsHttp({
      url: parameters.url,
      fetch: parameters.fetch,
      timeoutMs: parameters.timeoutMs,
    });
  } catch {
    return undefined;
  }
  let newest: Advert | undefined;
  for (const item of raw) {
    const result = await verifyAdvert(item, { accept: parameters.accept, now: parameters.now });
    if (!result.ok || !isAddressEqual(result.advert.provider, parameters.provider)) continue;
    if (!newest || result.advert.sequence > newest.sequence) newest = result.advert;
  }
  return newest;
}
