/**
 * `@vm-on-golem/sdk/discovery`: find providers: the libp2p gossip client (browser and Node),
 * the HTTP advert fallback, filters and prices, reachability probes over the provider API, and
 * Golem Base advert storage. Its own subpath, so the stream math never loads libp2p. The
 * provider's side (a node that advertises, dial-back checks) is `@vm-on-golem/sdk/discovery/node`.
 *
 * @example
 * import { createDiscoveryClient } from "@vm-on-golem/sdk/discovery";
 */

export { listAdverts } from "../discovery/advert-snapshot.ts";
export { browserTransports } from "../discovery/browser-transports.ts";
export type { TransportFactory } from "../discovery/create-advert-libp2p.ts";
export {
  type CreateDiscoveryClientParameters,
  createDiscoveryClient,
  type DiscoveryClient,
  type RefreshOptions,
  type RefreshReport,
} from "../discovery/create-discovery-client.ts";
export {
  type CreateGossipPeerParameters,
  createGossipPeer,
  type GossipPeer,
} from "../discovery/create-gossip-peer.ts";
export {
  ADVERT_TOPIC,
  DIAL_BACK_PROTOCOL,
  HTTP_ADVERTS_PATH,
  MAX_ADVERTS_PAGE,
  SNAPSHOT_PROTOCOL,
} from "../discovery/discovery-protocols.ts";
export {
  type FetchAdvertsHttpParameters,
  fetchAdvertsHttp,
} from "../discovery/fetch-adverts-http.ts";
export {
  type AdvertFilters,
  comparablePrice,
  filterAdverts,
  hourlyPrice,
  matchesFilters,
  type ResourceSize,
} from "../discovery/filter-adverts.ts";
export {
  type AdmitGolemBaseAdvertsParameters,
  admitGolemBaseAdverts,
  golemBaseAdvertQuery,
  type PublishAdvertToGolemBaseParameters,
  publishAdvertToGolemBase,
} from "../discovery/golem-base/golem-base-adverts.ts";
export {
  type CreateGolemBaseClientParameters,
  createGolemBaseClient,
  type GolemBaseClient,
  type GolemBaseReceipt,
  type GolemBaseTxOptions,
} from "../discovery/golem-base/golem-base-client.ts";
export type { GolemBaseTransaction } from "../discovery/golem-base/golem-base-transaction.ts";
export {
  DEFAULT_PROBE_TIMEOUT_MS,
  type ProbeProviderParameters,
  type ProbeProviderReturnType,
  type ProviderReachability,
  probeProvider,
  type UnreachableReason,
} from "../discovery/probe-provider.ts";
export { createProbeLimiter, probeProviders } from "../discovery/probe-providers.ts";
