import type { SignedAdvert } from "../advert/advert-schema.ts";
import { browserTransports } from "./browser-transports.ts";
import type { TransportFactory } from "./create-advert-libp2p.ts";
import {
  type CreateGossipPeerParameters,
  createGossipPeer,
  type GossipPeer,
} from "./create-gossip-peer.ts";
import { SNAPSHOT_PROTOCOL } from "./discovery-protocols.ts";
import { fetchAdvertsHttp } from "./fetch-adverts-http.ts";
import { type AdvertFilters, filterAdverts } from "./filter-adverts.ts";

/** Parameters of {@link createDiscoveryClient}. */
export type CreateDiscoveryClientParameters = Omit<CreateGossipPeerParameters, "transports"> & {
  /**
   * Default {@link browserTransports} of `bootstrap` (WebRTC-direct, plus WebSockets only for
   * `/ws`/`/wss` bootstrap peers), which work in browsers and Node; pass `[tcp(), webSockets()]` in a CLI.
   */
  transports?: TransportFactory[] | undefined;
  /** Node API base URLs to read `GET /api/v1/adverts` from when no peer gave a snapshot. */
  httpUrls?: readonly string[] | undefined;
  fetch?: typeof fetch | undefined;
};

/** Options of {@link DiscoveryClient.refresh}. */
export type RefreshOptions = {
  /** Wait this long for a peer that serves snapshots, ms. Default 5000. */
  waitForPeersMs?: number | undefined;
  /** Use the HTTP fallback even when snapshots worked. Default false. */
  alwaysHttp?: boolean | undefined;
};

/** What {@link DiscoveryClient.refresh} did. */
export type RefreshReport = {
  /** Peers a snapshot was asked from. */
  snapshotPeers: number;
  /** Adverts newly held from snapshots / from HTTP. */
  fromSnapshots: number;
  fromHttp: number;
  /** Failures of the HTTP fallback, one line each. */
  errors: string[];
};

/** A requestor's view of the provider market; see {@link createDiscoveryClient}. */
export type DiscoveryClient = GossipPeer & {
  /** Asks connected peers for snapshots, then (if that gave nothing) the HTTP fallback. */
  refresh(options?: RefreshOptions): Promise<RefreshReport>;
  /** Refreshes once (first call) and returns verified adverts that pass `filters`, cheapest first. */
  findProviders(filters?: AdvertFilters, options?: RefreshOptions): Promise<SignedAdvert[]>;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Joins advert gossip as a requestor (CLI or browser): dials the bootstrap peers, takes snapshots,
 * follows live adverts, falls back to `GET <url>/api/v1/adverts`, and verifies every advert
 * itself before it is held. In a browser WebRTC-direct is used (no CA certificate, so it works from
 * an https page), WebSockets only for ws/wss bootstrap peers, and no TCP code is imported.
 * `accept: ANY_DEPLOYMENT` holds verified adverts of every chain and contract (a market-wide
 * listing); pick whom to pay from adverts of the deployment you pay through.
 *
 * @example
 * const client = await createDiscoveryClient({
 *   bootstrap: ["/ip4/203.0.113.7/udp/7469/webrtc-direct/certhash/uEi.../p2p/12D3Koo..."],
 *   accept: [{ chainId: 31337, streamPayment }],
 * });
 * const adverts = await client.findProviders({ cpu: 2, memoryGiB: 4, chainId: 31337 });
 */
export async function createDiscoveryClient(
  parameters: CreateDiscoveryClientParameters,
): Promise<DiscoveryClient> {
  const peer = await createGossipPeer({
    targetConnections: 4,
    bootstrapDelayMs: 0,
    ...parameters,
    transports: parameters.transports ?? (await browserTransports(parameters.bootstrap ?? [])),
  });
  const { libp2p, store, gossip } = peer;

  const servingPeers = async () => {
    let count = 0;
    for (const connection of libp2p.getConnections()) {
      const info = await libp2p.peerStore.get(connection.remotePeer).catch(() => undefined);
      if (info?.protocols.includes(SNAPSHOT_PROTOCOL)) count++;
    }
    return count;
  };

  const refresh = async (options: RefreshOptions = {}): Promise<RefreshReport> => {
    const report: RefreshReport = { snapshotPeers: 0, fromSnapshots: 0, fromHttp: 0, errors: [] };
    const deadline = Date.now() + (options.waitForPeersMs ?? 5000);
    const hasPeerSource =
      (parameters.bootstrap?.length ?? 0) > 0 || libp2p.getConnections().length > 0;
    while (hasPeerSource && (await servingPeers()) === 0 && Date.now() < deadline) await sleep(50);
    report.snapshotPeers = Math.min(await servingPeers(), parameters.snapshotPeers ?? 3);
    const snapshots = await gossip.snapshotFromConnected();
    report.fromSnapshots = snapshots.admitted;
    if (snapshots.received > 0 && !options.alwaysHttp) return report;
    await Promise.all(
      (parameters.httpUrls ?? []).map(async (url) => {
        try {
          const adverts = await fetchAdvertsHttp({ url, fetch: parameters.fetch });
          for (const advert of adverts) {
            const { status } = await store.admit(advert);
            if (status === "added" || status === "replaced") report.fromHttp++;
          }
        } catch (error) {
          report.errors.push(error instanceof Error ? error.message : String(error));
        }
      }),
    );
    return report;
  };

  let refreshed: Promise<RefreshReport> | undefined;
  return {
    ...peer,
    refresh,
    async findProviders(filters = {}, options = {}) {
      refreshed ??= refresh(options);
      await refreshed;
      return filterAdverts(store.list(), filters);
    },
  };
}
