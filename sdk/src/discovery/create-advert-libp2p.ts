import { noise } from "@chainsafe/libp2p-noise";
import { yamux } from "@chainsafe/libp2p-yamux";
import { bootstrap } from "@libp2p/bootstrap";
import { type GossipSub, type GossipsubOpts, gossipsub, StrictNoSign } from "@libp2p/gossipsub";
import { createTopicScoreParams } from "@libp2p/gossipsub/score";
import { type Identify, identify } from "@libp2p/identify";
import type { Libp2p, PeerId, PrivateKey } from "@libp2p/interface";
import { type Ping, ping } from "@libp2p/ping";
import { multiaddr } from "@multiformats/multiaddr";
import { createLibp2p, type Libp2pOptions } from "libp2p";
import { ADVERT_TOPIC } from "./discovery-protocols.ts";

/**
 * Peer-score parameters of the advert topic: only P4 (invalid messages, which our validator
 * REJECTs: forged, malformed, wrong chain, and floods of one provider's re-signs) counts. Each
 * REJECT adds 1 to a counter that decays ~1 %/s; the score is -counter², so about 9 recent
 * REJECTs reach gossipsub's graylist threshold (-80) and the peer's RPCs are dropped. Delivery
 * (P2/P3) and mesh-time (P1) terms stay 0: adverts are rare, quiet honest peers must not sink.
 */
export const ADVERT_TOPIC_SCORE_PARAMS = createTopicScoreParams({
  topicWeight: 1,
  timeInMeshWeight: 0,
  firstMessageDeliveriesWeight: 0,
  meshMessageDeliveriesWeight: 0,
  meshFailurePenaltyWeight: 0,
  invalidMessageDeliveriesWeight: -1,
  invalidMessageDeliveriesDecay: 0.99,
});

/** One transport factory, e.g. `webSockets()` or `tcp()`; injected so a browser build imports no TCP. */
export type TransportFactory = NonNullable<Libp2pOptions["transports"]>[number];

/** Services every discovery node runs. */
export type AdvertLibp2pServices = { pubsub: GossipSub; identify: Identify; ping: Ping };
/** A libp2p node that can carry adverts. */
export type AdvertLibp2p = Libp2p<AdvertLibp2pServices>;

/** Parameters of {@link createAdvertLibp2p}. */
export type CreateAdvertLibp2pParameters = {
  /** Transports, e.g. `[tcp(), webSockets()]` in Node, `[webSockets()]` in a browser. */
  transports: TransportFactory[];
  /** Listen multiaddrs, e.g. `/ip4/0.0.0.0/tcp/0`; none for a client that only dials. */
  listen?: string[] | undefined;
  /** Addresses to announce instead of the listen addresses (public IP, DNS name). */
  announce?: string[] | undefined;
  /** Bootstrap peers (multiaddrs ending in `/p2p/<peerId>`). */
  bootstrap?: string[] | undefined;
  /** Delay before dialling bootstrap peers, ms. Default 1000. */
  bootstrapDelayMs?: number | undefined;
  /** Stable node identity; a new one is made when absent. */
  privateKey?: PrivateKey | undefined;
  /**
   * Send peer exchange (PX) on prune: for well-connected nodes (providers, bootstrap nodes).
   * PX is accepted only from bootstrap peers, so a stranger cannot steer our dials.
   */
  doPX?: boolean | undefined;
  /** Allow dialling private/loopback addresses in a browser (local development). */
  allowPrivateAddresses?: boolean | undefined;
  /** Gossipsub tuning (tests, benchmarks). */
  gossipsub?: Partial<GossipsubOpts> | undefined;
  /** Connection manager limits, e.g. a higher `inboundConnectionThreshold` for many nodes on one host. */
  connectionManager?: Libp2pOptions["connectionManager"] | undefined;
  /** Extra services, e.g. `{ autonat: autoNAT() }` on a provider. */
  extraServices?: Record<string, (components: never) => unknown> | undefined;
};

const peerIdOf = (address: string) =>
  multiaddr(address)
    .getComponents()
    .findLast((c) => c.name === "p2p")?.value;

/**
 * Creates (but does not start) a libp2p node with noise, yamux, identify, ping and gossipsub
 * (no libp2p message signing: adverts carry their own EIP-712 signature), plus bootstrap
 * discovery when bootstrap peers are given.
 *
 * @example
 * const libp2p = await createAdvertLibp2p({ transports: [webSockets()], bootstrap: [addr] });
 */
export async function createAdvertLibp2p(
  parameters: CreateAdvertLibp2pParameters,
): Promise<AdvertLibp2p> {
  const bootstrapList = parameters.bootstrap ?? [];
  const trusted = new Set(bootstrapList.map(peerIdOf).filter((id) => id !== undefined));
  const services = {
    identify: identify(),
    ping: ping(),
    pubsub: gossipsub({
      globalSignaturePolicy: StrictNoSign,
      allowPublishToZeroTopicPeers: true,
      doPX: parameters.doPX ?? false,
      ...parameters.gossipsub,
      scoreParams: {
        // Bootstrap peers score above acceptPXThreshold (10) so their PX is used; others stay at 0.
        appSpecificScore: (peer: string) => (trusted.has(peer) ? 5 : 0),
        appSpecificWeight: 10,
        // Peers on loopback are local (same host, or behind our own reverse proxy): without this
        // the IP colocation penalty graylists them once more than 10 share 127.0.0.1.
        IPColocationFactorWhitelist: new Set(["127.0.0.1", "::1"]),
        topics: { [ADVERT_TOPIC]: ADVERT_TOPIC_SCORE_PARAMS },
        ...parameters.gossipsub?.scoreParams,
      },
    }),
    ...parameters.extraServices,
  } as Libp2pOptions<AdvertLibp2pServices>["services"];
  return createLibp2p<AdvertLibp2pServices>({
    start: false,
    ...(parameters.privateKey ? { privateKey: parameters.privateKey } : {}),
    addresses: { listen: parameters.listen ?? [], announce: parameters.announce ?? [] },
    transports: parameters.transports,
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    peerDiscovery:
      bootstrapList.length > 0
        ? [bootstrap({ list: bootstrapList, timeout: parameters.bootstrapDelayMs ?? 1000 })]
        : [],
    ...(parameters.connectionManager ? { connectionManager: parameters.connectionManager } : {}),
    ...(parameters.allowPrivateAddresses
      ? { connectionGater: { denyDialMultiaddr: () => false } }
      : {}),
    services,
  });
}

/** True when `libp2p` has an open connection to `peer`. */
export function isConnected(libp2p: AdvertLibp2p, peer: PeerId | string): boolean {
  const id = peer.toString();
  return libp2p.getConnections().some((c) => c.remotePeer.toString() === id && c.status === "open");
}

/**
 * The gossipsub score of `peer` as this node sees it (0 when unknown). Below 0 the peer was
 * penalised (e.g. REJECTed messages); below the graylist threshold (-80) its RPCs are dropped.
 */
export function peerScore(libp2p: AdvertLibp2p, peer: PeerId | string): number {
  // The implementation has `getScore`; the published GossipSub interface does not declare it.
  const pubsub = libp2p.services.pubsub as unknown as { getScore?: (peer: string) => number };
  return pubsub.getScore?.(peer.toString()) ?? 0;
}
