/**
 * `@vm-on-golem/sdk/provider-client/libp2p`: the provider client's libp2p transport (HTTP/1.1 on
 * libp2p streams, `/http/1.1`), kept apart so a client on plain HTTP loads no libp2p.
 *
 * @example
 * import { createLibp2pTransport } from "@vm-on-golem/sdk/provider-client/libp2p";
 */

export { createApiClientLibp2p } from "../provider-client/create-api-client-libp2p.ts";
export {
  type CreateLibp2pTransportParameters,
  createLibp2pTransport,
  HTTP_OVER_LIBP2P_PROTOCOL,
} from "../provider-client/libp2p-transport.ts";
export {
  type ProviderClientForAdvertParameters,
  providerClientForAdvert,
} from "../provider-client/provider-client-for-advert.ts";
