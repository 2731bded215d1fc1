import { multiaddr } from "@multiformats/multiaddr";
import {
  type AdvertStore,
  type CreateAdvertStoreParameters,
  createAdvertStore,
} from "../advert/advert-store.ts";
import {
  type AdvertGossip,
  type JoinAdvertGossipParameters,
  joinAdvertGossip,
} from "./advert-gossip.ts";
import { handleAdvertSnapshot } from "./advert-snapshot.ts";
import {
  type AdvertLibp2p,
  type CreateAdvertLibp2pParameters,
  createAdvertLibp2p,
} from "./create-advert-libp2p.ts";

/** Parameters of {@link createGossipPeer}. */
export type CreateGossipPeerParameters = CreateAdvertLibp2pParameters &
  CreateAdvertStoreParameters &
  Pick<
    JoinAdvertGossipParameters,
    "snapshotPeers" | "targetConnections" | "syncIntervalMs" | "minRepublishIntervalSeconds"
  > & {
    /** Serve {@link SNAPSHOT_PROTOCOL}. Default true. */
    serveSnapshots?: boolean | undefined;
    /** While the node has no connection, re-dial the bootstrap peers this often, ms. Default 30 000. */
    redialIntervalMs?: number | undefined;
    /** How often expired adverts are dropped, ms. Default 30 000. */
    evictIntervalMs?: number | undefined;
  };

/** A started libp2p node in advert gossip, with its store. */
export type GossipPeer = {
  libp2p: AdvertLibp2p;
  store: AdvertStore;
  gossip: AdvertGossip;
  /** This node's multiaddrs, each ending in `/p2p/<peerId>`. */
  multiaddrs(): string[];
  stop(): Promise<void>;
};

/**
 * Starts a node that joins advert gossip, holds every valid advert (latest per provider), relays
 * them and serves snapshots to newcomers. Works in Node and in a browser (transports injected).
 * Providers use `createAdvertNode` and requestors `createDiscoveryClient`, which build on this.
 *
 * @example
 * const relay = await createGossipPeer({
 *   transports: [tcp(), webSockets()], listen: ["/ip4/0.0.0.0/tcp/4001"], accept: [{ chainId: 1 }],
 * });
 */
export async function createGossipPeer(
  parameters: CreateGossipPeerParameters,
): Promise<GossipPeer> {
  const store = createAdvertStore(parameters);
  const libp2p = await createAdvertLibp2p(parameters);
  if (parameters.serveSnapshots ?? true) await handleAdvertSnapshot(libp2p, store);
  try {
    await libp2p.start();
  } catch (error) {
    // e.g. one listen port is taken: close the listeners that did open.
    await Promise.resolve(libp2p.stop()).catch(() => undefined);
    throw error;
  }
  const gossip = joinAdvertGossip({ ...parameters, libp2p, store });
  const evictTimer = setInterval(() => store.evictExpired(), parameters.evictIntervalMs ?? 30_000);
  // The bootstrap module dials once; an isolated node tries again.
  const bootstrapAddrs = (parameters.bootstrap ?? []).map((addr) => multiaddr(addr));
  const redialTimer = setInterval(() => {
    if (libp2p.getConnections().length > 0) return;
    for (const addr of bootstrapAddrs) libp2p.dial(addr).catch(() => undefined);
  }, parameters.redialIntervalMs ?? 30_000);
  // Never keep a process alive for housekeeping.
  for (const timer of [evictTimer, redialTimer]) (timer as { unref?: () => void }).unref?.();
  return {
    libp2p,
    store,
    gossip,
    multiaddrs: () => libp2p.getMultiaddrs().map((addr) => addr.toString()),
    async stop() {
      clearInterval(evictTimer);
      clearInterval(redialTimer);
      gossip.leave();
      await libp2p.stop();
    },
  };
}
