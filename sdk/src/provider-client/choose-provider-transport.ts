import type { Advert } from "../advert/advert-schema.ts";
import { checkApiUrl, isDevChain } from "../advert/api-url-policy.ts";
import { GolemError } from "../errors/golem-error.ts";

/** The libp2p protocol of HTTP/1.1 over a stream, as `@libp2p/http` and the provider speak it. */
export const HTTP_OVER_LIBP2P_PROTOCOL = "/http/1.1";

/**
 * How to reach a provider: `auto` (default) takes libp2p when its advert offers it and plain
 * HTTP only to a loopback/private host or on a dev chain; `libp2p` or `http` insist.
 */
export type ProviderTransportChoice = "auto" | "libp2p" | "http";

/**
 * Picks the transport to a provider from its verified advert: libp2p when the advert offers the
 * API over libp2p (`libp2pApi` of the protocol this client speaks), plain HTTP when asked, or in
 * `auto` to a loopback/private API host or on a dev chain. Fails with
 * `PROVIDER_TRANSPORT_UNAVAILABLE` when the advert offers only plain HTTP to a public host and
 * `http` was not asked, or libp2p was asked and is not offered.
 *
 * @example chooseProviderTransport(advert); // "libp2p"
 */
export function chooseProviderTransport(
  advert: Pick<Advert, "apiUrl" | "chainId" | "libp2pApi">,
  choice: ProviderTransportChoice = "auto",
): "libp2p" | "http" {
  const offersLibp2p = advert.libp2pApi === HTTP_OVER_LIBP2P_PROTOCOL;
  if (choice === "http") return "http";
  if (offersLibp2p) return "libp2p";
  const local =
    isDevChain(advert.chainId) || !checkApiUrl(advert.apiUrl, { allowPrivateHosts: false }).ok;
  if (choice === "auto" && local) return "http";
  throw new GolemError(
    "PROVIDER_TRANSPORT_UNAVAILABLE",
    choice === "libp2p"
      ? `the provider at ${advert.apiUrl} does not offer its API over libp2p (${HTTP_OVER_LIBP2P_PROTOCOL}) in its advert`
      : `the provider offers its API only as plain HTTP at ${advert.apiUrl}, which is not encrypted nor bound to its identity`,
    { details: { apiUrl: advert.apiUrl, choice, libp2pApi: advert.libp2pApi ?? null } },
  );
}
