import type { Libp2p } from "@libp2p/interface";
import { multiaddr } from "@multiformats/multiaddr";
import type { Advert } from "../advert/advert-schema.ts";
import { peerIdOfMultiaddr } from "../advert/peer-id-of-multiaddr.ts";
import {
  chooseProviderTransport,
  type ProviderTransportChoice,
} from "./choose-provider-transport.ts";
import {
  type CreateProviderClientParameters,
  createProviderClient,
  type ProviderClient,
} from "./create-provider-client.ts";
import { createLibp2pTransport } from "./libp2p-transport.ts";

/** Parameters of {@link providerClientForAdvert}. */
export type ProviderClientForAdvertParameters = Omit<
  CreateProviderClientParameters,
  "baseUrl" | "transport" | "peerId"
> & {
  /** The provider's advert, verified (`verifyAdvert`): its API URL, peer id and addresses. */
  advert: Pick<Advert, "apiUrl" | "chainId" | "peerId" | "multiaddrs" | "libp2pApi">;
  /** A started libp2p node that dials the provider (TCP in Node, WebSockets/WebRTC in a page); needed for libp2p. */
  libp2p?: Pick<Libp2p, "dial"> | undefined;
  /** Default `auto`: see {@link chooseProviderTransport}. */
  transport?: ProviderTransportChoice | undefined;
};

/**
 * A provider client for the provider of a verified advert, over the transport
 * {@link chooseProviderTransport} picks: over libp2p, every connection must prove the advert's
 * peer id (`PROVIDER_IDENTITY_MISMATCH` otherwise, before anything is signed); either way the
 * sign-in is bound to that peer id and to the advert's API domain.
 *
 * @example
 * const provider = providerClientForAdvert({ advert, libp2p, signer: account, chainId });
 * await provider.createOffer({ cpu: 1, memoryGiB: 1, storageGiB: 10 });
 */
export function providerClientForAdvert(params: ProviderClientForAdvertParameters): ProviderClient {
  const { advert, libp2p, transport: choice, ...rest } = params;
  const common = { ...rest, baseUrl: advert.apiUrl, peerId: advert.peerId };
  if (chooseProviderTransport(advert, choice) === "http") return createProviderClient(common);
  if (libp2p === undefined) {
    throw new TypeError("providerClientForAdvert: a libp2p node is needed to reach this provider");
  }
  // verifyAdvert refuses addresses naming another peer; the rest get the advert's peer id.
  const multiaddrs = advert.multiaddrs.map((text) =>
    peerIdOfMultiaddr(text) === undefined
      ? multiaddr(text).encapsulate(`/p2p/${advert.peerId}`)
      : multiaddr(text),
  );
  return createProviderClient({
    ...common,
    transport: createLibp2pTransport({ libp2p, multiaddrs }),
  });
}
