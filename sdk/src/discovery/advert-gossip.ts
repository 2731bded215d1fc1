import { TopicValidatorResult } from "@libp2p/gossipsub";
import type { PeerId } from "@libp2p/interface";
import { multiaddr } from "@multiformats/multiaddr";
import type { AdvertRejectReason } from "../advert/advert-error.ts";
import {
  type Advert,
  decodeSignedAdvert,
  encodeSignedAdvert,
  type SignedAdvert,
} from "../advert/advert-schema.ts";
import type { AdvertStore } from "../advert/advert-store.ts";
import { type AdmitSnapshotReturnType, admitSnapshot } from "./advert-snapshot.ts";
import { type AdvertLibp2p, isConnected, peerScore } from "./create-advert-libp2p.ts";
import { ADVERT_TOPIC, SNAPSHOT_PROTOCOL } from "./discovery-protocols.ts";
import { createRepublishLimiter } from "./republish-limiter.ts";

/**
 * Least `issuedAt` step between two relayed adverts of one provider, seconds. An honest provider
 * publishes every few minutes, on start, on address changes and when its free resources change
 * (VM created/destroyed); `createAdvertNode` spaces those by 2 s more than this and sends
 * the same advert again (not re-signed) when its mesh changes.
 */
export const DEFAULT_MIN_REPUBLISH_SECONDS = 5;

/** Refusals that depend on the reader's clock or state: dropped, but the relaying peer is not blamed. */
const IGNORED: ReadonlySet<AdvertRejectReason> = new Set(["EXPIRED", "NOT_YET_VALID", "STALE"]);

/** Why a gossip message was dropped: the advert's own refusal, or the provider's pace. */
export type GossipRefusalReason = AdvertRejectReason | "TOO_FREQUENT";

/** A refused gossip message, for logs and tests. */
export type GossipRefusal = { from: string; reason: GossipRefusalReason; message: string };

/** Parameters of {@link joinAdvertGossip}. */
export type JoinAdvertGossipParameters = {
  libp2p: AdvertLibp2p;
  store: AdvertStore;
  /** Take a snapshot from this many peers as they connect (per time we had no peers). Default 3. */
  snapshotPeers?: number | undefined;
  /** Dial providers learned from adverts while connected to fewer peers than this. Default 8; 0 = never. */
  targetConnections?: number | undefined;
  /**
   * Pull a snapshot from one random connected peer this often, ms, to heal adverts gossip missed
   * (e.g. published before a mesh formed). Default 60 000; 0 = never.
   */
  syncIntervalMs?: number | undefined;
  /**
   * An advert of a provider within this many seconds of the last one relayed is dropped (IGNORE);
   * a peer that keeps sending them is REJECTed, which lowers its gossipsub score until it is
   * graylisted. Default {@link DEFAULT_MIN_REPUBLISH_SECONDS}.
   */
  minRepublishIntervalSeconds?: number | undefined;
};

/** A node's part in advert gossip; see {@link joinAdvertGossip}. */
export type AdvertGossip = {
  /**
   * Holds our own signed advert and publishes it; returns how many peers it was sent to.
   * `copy` > 0 sends the same advert again in other bytes (a new gossip message id), e.g. to
   * reach peers that joined the mesh after it went out; relays pass a copy on at most once per
   * `minRepublishIntervalSeconds` and check no signature for it.
   */
  publish(signed: SignedAdvert, options?: { copy?: number | undefined }): Promise<number>;
  /** Fetches and admits the snapshot of one peer. */
  snapshotFrom(peer: PeerId): Promise<AdmitSnapshotReturnType>;
  /** Fetches and admits snapshots of up to `limit` connected peers that serve them. */
  snapshotFromConnected(limit?: number): Promise<AdmitSnapshotReturnType>;
  /** Counts of validated gossip messages. */
  readonly stats: { accepted: number; rejected: number; ignored: number; tooFrequent: number };
  /** Calls `listener` for every refused gossip message; returns a function that removes it. */
  onRefused(listener: (refusal: GossipRefusal) => void): () => void;
  /** Unsubscribes and removes the validator and listeners. */
  leave(): void;
};

/**
 * Subscribes `libp2p` to {@link ADVERT_TOPIC} with a topic validator that admits each message
 * into `store`: valid adverts are accepted and relayed; forged, malformed or wrong-chain ones
 * are REJECTED (not relayed, sender penalised); expired, future or replayed ones are IGNORED
 * (not relayed). Relays at most one advert per provider per `minRepublishIntervalSeconds`
 * (later ones IGNORED; a peer that floods them REJECTed). Sets the store's eviction trust from
 * gossipsub scores and live connections. Takes snapshots from the first peers that connect and
 * dials providers it learns of while it has few connections.
 */
export function joinAdvertGossip(parameters: JoinAdvertGossipParameters): AdvertGossip {
  const { libp2p, store } = parameters;
  const pubsub = libp2p.services.pubsub;
  const stats = { accepted: 0, rejected: 0, ignored: 0, tooFrequent: 0 };
  const snapshotPeers = parameters.snapshotPeers ?? 3;
  const targetConnections = parameters.targetConnections ?? 8;
  const snapshotted = new Set<string>();
  const dialling = new Set<string>();
  const refusalListeners = new Set<(refusal: GossipRefusal) => void>();

  const limiter = createRepublishLimiter({
    minIntervalSeconds: parameters.minRepublishIntervalSeconds ?? DEFAULT_MIN_REPUBLISH_SECONDS,
  });
  // A full store evicts adverts from penalised peers first and keeps those vouched for by their
  // provider's connected node.
  store.setTrust({
    penalised: (peer) => peerScore(libp2p, peer) < 0,
    connected: (peer) => isConnected(libp2p, peer),
  });
  /** Drops a message: IGNORE (not relayed) or, to blame the peer that sent it, REJECT. */
  const refuse = (from: string, reason: GossipRefusalReason, message: string, blame: boolean) => {
    for (const listener of refusalListeners) listener({ from, reason, message });
    if (reason === "TOO_FREQUENT") stats.tooFrequent++;
    if (!blame) {
      stats.ignored++;
      return TopicValidatorResult.Ignore;
    }
    stats.rejected++;
    return TopicValidatorResult.Reject;
  };

  pubsub.topicValidators.set(ADVERT_TOPIC, async (peer, message) => {
    const from = peer.toString();
    // Shape first (cheap), so the pace check runs before any signature check.
    const decoded = decodeSignedAdvert(message.data);
    if (!decoded.ok) return refuse(from, "MALFORMED", decoded.message, true);
    const { provider, sequence } = decoded.signed.advert;
    const verdict = limiter.reserve(decoded.signed.advert, from);
    if (verdict.kind === "stale") {
      const text = `advert sequence ${sequence} is older than the one relayed last`;
      return refuse(from, "STALE", text, false);
    }
    if (verdict.kind !== "go") {
      const text =
        verdict.kind === "busy"
          ? `another advert of ${provider} is being checked`
          : `advert of ${provider} comes less than ${limiter.intervalSeconds} s after the last one relayed`;
      // A peer past its allowance is flooding: REJECT so gossipsub's P4 penalty scores it down.
      return refuse(from, "TOO_FREQUENT", text, verdict.kind === "flood");
    }
    const result = await store.admit(message.data, { source: from });
    if (result.status === "refused") {
      verdict.release();
      return refuse(from, result.reason, result.message, !IGNORED.has(result.reason));
    }
    verdict.commit();
    stats.accepted++;
    return TopicValidatorResult.Accept;
  });
  pubsub.subscribe(ADVERT_TOPIC);

  const snapshotFrom = (peer: PeerId) => admitSnapshot({ libp2p, peer, store });

  const onIdentify = (event: CustomEvent<{ peerId: PeerId; protocols: string[] }>) => {
    const { peerId, protocols } = event.detail;
    if (!protocols.includes(SNAPSHOT_PROTOCOL) || snapshotted.size >= snapshotPeers) return;
    if (snapshotted.has(peerId.toString())) return;
    snapshotted.add(peerId.toString());
    snapshotFrom(peerId).catch(() => snapshotted.delete(peerId.toString()));
  };
  const onDisconnect = () => {
    if (libp2p.getConnections().length === 0) snapshotted.clear();
  };
  libp2p.addEventListener("peer:identify", onIdentify);
  libp2p.addEventListener("peer:disconnect", onDisconnect);

  const dialProvider = (advert: Advert) => {
    const id = advert.peerId;
    if (targetConnections <= 0 || id === libp2p.peerId.toString() || dialling.has(id)) return;
    if (libp2p.getConnections().length >= targetConnections || isConnected(libp2p, id)) return;
    const addrs = advert.multiaddrs.flatMap((text) => {
      try {
        const addr = multiaddr(text);
        return [text.includes("/p2p/") ? addr : addr.encapsulate(`/p2p/${id}`)];
      } catch {
        return [];
      }
    });
    if (addrs.length === 0) return;
    dialling.add(id);
    libp2p
      .dial(addrs, { signal: AbortSignal.timeout(10_000) })
      .catch(() => undefined)
      .finally(() => dialling.delete(id));
  };
  const stopDialling = store.onChange((signed) => dialProvider(signed.advert));

  const syncIntervalMs = parameters.syncIntervalMs ?? 60_000;
  const syncTimer =
    syncIntervalMs > 0
      ? setInterval(() => {
          const connections = libp2p.getConnections();
          const pick = connections[Math.floor(Math.random() * connections.length)];
          if (pick) snapshotFrom(pick.remotePeer).catch(() => undefined);
        }, syncIntervalMs)
      : undefined;
  (syncTimer as { unref?: () => void } | undefined)?.unref?.();

  return {
    stats,
    async publish(signed, options = {}) {
      await store.admit(signed);
      const bytes = encodeSignedAdvert(signed);
      // Trailing spaces: still the same JSON, but another message id.
      const copy = Math.max(0, Math.min(options.copy ?? 0, 64));
      const data = copy === 0 ? bytes : new Uint8Array([...bytes, ...new Array(copy).fill(0x20)]);
      const result = await pubsub.publish(ADVERT_TOPIC, data);
      return result.recipients.length;
    },
    snapshotFrom,
    onRefused(listener) {
      refusalListeners.add(listener);
      return () => refusalListeners.delete(listener);
    },
    async snapshotFromConnected(limit = snapshotPeers) {
      const total = { received: 0, admitted: 0, refused: 0 };
      const peers = new Map(
        libp2p.getConnections().map((c) => [c.remotePeer.toString(), c.remotePeer]),
      );
      const serving: PeerId[] = [];
      for (const peer of peers.values()) {
        const info = await libp2p.peerStore.get(peer).catch(() => undefined);
        if (info?.protocols.includes(SNAPSHOT_PROTOCOL)) serving.push(peer);
        if (serving.length >= limit) break;
      }
      const results = await Promise.allSettled(serving.map(snapshotFrom));
      for (const result of results) {
        if (result.status !== "fulfilled") continue;
        total.received += result.value.received;
        total.admitted += result.value.admitted;
        total.refused += result.value.refused;
      }
      return total;
    },
    leave() {
      clearInterval(syncTimer);
      stopDialling();
      libp2p.removeEventListener("peer:identify", onIdentify);
      libp2p.removeEventListener("peer:disconnect", onDisconnect);
      pubsub.topicValidators.delete(ADVERT_TOPIC);
      if (libp2p.status === "started") pubsub.unsubscribe(ADVERT_TOPIC);
    },
  };
}
