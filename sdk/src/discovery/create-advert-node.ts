import { autoNAT } from "@libp2p/autonat";
import { tcp } from "@libp2p/tcp";
import { type TransportCertificate, webRTCDirect } from "@libp2p/webrtc";
import { webSockets } from "@libp2p/websockets";
import type { SignedAdvert, SignedAdvertJson } from "../advert/advert-schema.ts";
import {
  type AdvertContent,
  type AdvertSigner,
  buildAdvert,
  signAdvert,
} from "../advert/sign-advert.ts";
import { DEFAULT_MAX_TTL_SECONDS } from "../advert/verify-advert.ts";
import { DEFAULT_MIN_REPUBLISH_SECONDS } from "./advert-gossip.ts";
import { listAdverts } from "./advert-snapshot.ts";
import {
  type CheckReachabilityParameters,
  checkReachability,
  type ReachabilityReport,
} from "./check-reachability.ts";
import type { TransportFactory } from "./create-advert-libp2p.ts";
import {
  type CreateGossipPeerParameters,
  createGossipPeer,
  type GossipPeer,
} from "./create-gossip-peer.ts";
import { type DialBackLimits, handleDialBack } from "./dial-back.ts";
import { ADVERT_TOPIC } from "./discovery-protocols.ts";

/** What a provider states; `peerId` comes from the node, `multiaddrs` too unless given. */
export type AdvertNodeContent = Omit<AdvertContent, "peerId" | "multiaddrs"> & {
  /** Addresses to advertise instead of the node's own (e.g. public DNS names). */
  multiaddrs?: string[] | undefined;
};

/** Parameters of {@link createAdvertNode}. */
export type CreateAdvertNodeParameters = Omit<CreateGossipPeerParameters, "transports"> & {
  /** The provider's payment key; signs every advert. */
  signer: AdvertSigner;
  content: AdvertNodeContent;
  /** Default `[tcp(), webSockets(), webRTCDirect()]`. */
  transports?: TransportFactory[] | undefined;
  /**
   * The WebRTC-direct listener's certificate (ECDSA P-256) for the default transports. Its hash is
   * part of the node's webrtc-direct multiaddr, so a node whose bootstrap or advert addresses must
   * outlive a restart passes a stored one; default a new one per start.
   */
  webRtcCertificate?: TransportCertificate | undefined;
  /** Republish (re-signed, fresh times) this often, ms. Default 240 000 (4 min). */
  republishIntervalMs?: number | undefined;
  /** Advert lifetime, s. Default 3 republish rounds + 60 s, at most the max TTL. */
  ttlSeconds?: number | undefined;
  /** Run AutoNAT so the node learns its public address. Default true. */
  autonat?: boolean | undefined;
  /** Serve dial-back for other providers, with these limits; false to not serve. Default {}. */
  dialBack?: DialBackLimits | false | undefined;
  /** Most time between republishes caused by mesh changes (the gap starts at 1 s and doubles), ms. Default 10 000. */
  graftRepublishMs?: number | undefined;
  /** Start sequences above this (e.g. the last one persisted). Default 0; sequences follow the clock. */
  initialSequence?: number | undefined;
  /**
   * Least time between two publishes, ms: changes within it are folded into one publish at its
   * end, so relays (which drop a provider's adverts within `minRepublishIntervalSeconds` of the
   * last, in signed time, or in arrival time for a clock ahead of theirs) never drop ours.
   * Default that interval + 2 s for clock rounding and path jitter.
   */
  minPublishIntervalMs?: number | undefined;
};

/** A provider's advert node; see {@link createAdvertNode}. */
export type AdvertNode = GossipPeer & {
  /** The advert currently published. */
  current(): SignedAdvert;
  /** Changes the advert (e.g. free resources, prices), re-signs and publishes it at once. */
  update(content: Partial<AdvertNodeContent>): Promise<SignedAdvert>;
  /** Re-signs the current content with fresh times and publishes it. */
  publish(): Promise<SignedAdvert>;
  /** Every held advert in wire form: the body of `GET /api/v1/adverts` is `{ adverts: listAdverts() }`. */
  listAdverts(): SignedAdvertJson[];
  /** Asks connected peers to dial our API port and one SSH port back. */
  checkReachability(
    parameters?: Omit<CheckReachabilityParameters, "libp2p" | "signed">,
  ): Promise<ReachabilityReport>;
};

/**
 * Starts a provider's libp2p node (TCP + WebSockets + WebRTC-direct for browsers, noise, yamux, identify, ping, gossipsub with
 * PX, AutoNAT), relays and stores other adverts, serves snapshots and dial-back, and publishes
 * its own signed advert on {@link ADVERT_TOPIC}: at start, soon after its mesh changes, on
 * every `update()`, when its addresses change, and every `republishIntervalMs`; never twice
 * within `minPublishIntervalMs` (a burst of changes goes out as one advert with the latest).
 *
 * @example
 * const node = await createAdvertNode({
 *   signer: privateKeyToAccount(key),
 *   content: { apiUrl: "https://p.example:7466", resources, prices, country: "PL", platform: "x86_64",
 *     chainId, streamPayment, token, sshPorts: { first: 50800, last: 50900 } },
 *   accept: [{ chainId, streamPayment }],
 *   listen: ["/ip4/0.0.0.0/tcp/4001", "/ip4/0.0.0.0/tcp/4002/ws"],
 *   bootstrap: ["/dns4/boot.example/tcp/4001/p2p/12D3Koo..."],
 * });
 * await node.update({ resources: newResources });
 */
export async function createAdvertNode(
  parameters: CreateAdvertNodeParameters,
): Promise<AdvertNode> {
  const intervalMs = parameters.republishIntervalMs ?? 240_000;
  const maxTtl = parameters.maxTtlSeconds ?? DEFAULT_MAX_TTL_SECONDS;
  const ttlSeconds =
    parameters.ttlSeconds ?? Math.min(maxTtl, Math.ceil((3 * intervalMs) / 1000) + 60);
  const peer = await createGossipPeer({
    doPX: true,
    ...parameters,
    transports: parameters.transports ?? [
      tcp(),
      webSockets(),
      webRTCDirect(
        parameters.webRtcCertificate ? { certificate: parameters.webRtcCertificate } : {},
      ),
    ],
    listen: parameters.listen ?? [
      "/ip4/0.0.0.0/tcp/0",
      "/ip4/0.0.0.0/tcp/0/ws",
      "/ip4/0.0.0.0/udp/0/webrtc-direct",
    ],
    extraServices: {
      ...(parameters.autonat === false ? {} : { autonat: autoNAT() }),
      ...parameters.extraServices,
    },
  });
  const { libp2p, gossip } = peer;
  if (parameters.dialBack !== false) await handleDialBack(libp2p, parameters.dialBack ?? {});

  let content = parameters.content;
  let sequence = parameters.initialSequence ?? 0;
  let current: SignedAdvert | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  const minGapMs =
    parameters.minPublishIntervalMs ??
    ((parameters.minRepublishIntervalSeconds ?? DEFAULT_MIN_REPUBLISH_SECONDS) + 2) * 1000;
  let sentAt = Number.NEGATIVE_INFINITY;
  let waiting: Promise<SignedAdvert> | undefined;
  const stopping = new AbortController();
  // Each pause removes its listener when it ends: the node's signal lives as long as the node,
  // and a listener per publish would pile up for months.
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        stopping.signal.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      stopping.signal.addEventListener("abort", done, { once: true });
    });

  const signAndPublish = (): Promise<SignedAdvert> => {
    // A publish still waiting for its turn signs the content as it is then: join it.
    if (waiting) return waiting;
    // Serialised so adverts go out in sequence order even when updates race the timer.
    const next = queue.then(async () => {
      const gap = sentAt + minGapMs - Date.now();
      if (gap > 0) await pause(gap);
      waiting = undefined; // changes from here on need the next publish
      if (stopping.signal.aborted && current) return current;
      sequence = Math.max(sequence + 1, Date.now());
      const advert = buildAdvert({
        provider: parameters.signer.address,
        content: {
          ...content,
          peerId: libp2p.peerId.toString(),
          multiaddrs: (content.multiaddrs ?? peer.multiaddrs()).slice(0, 16),
        },
        ttlSeconds,
        sequence,
      });
      current = await signAdvert({ signer: parameters.signer, advert });
      sentAt = Date.now();
      await gossip.publish(current);
      return current;
    });
    waiting = next;
    queue = next.catch(() => undefined);
    return next;
  };

  await signAndPublish();
  const timer = setInterval(() => void signAndPublish().catch(() => undefined), intervalMs);
  (timer as { unref?: () => void }).unref?.();

  // Adverts published before a mesh forms can miss peers (gossipsub only forwards along the
  // mesh): send it again shortly after our mesh changes. While meshes form at start the gap doubles
  // from 2 s up to graftRepublishMs, so a cold network settles fast and a warm one stays quiet.
  const graftRepublishMs = parameters.graftRepublishMs ?? 10_000;
  let lastPublishAt = 0;
  let graftRepublishes = 0;
  let graftTimer: ReturnType<typeof setTimeout> | undefined;
  const onGraft = (event: CustomEvent<{ topic: string }>) => {
    if (event.detail.topic !== ADVERT_TOPIC || graftTimer) return;
    const gap = Math.min(graftRepublishMs, 1000 * 2 ** graftRepublishes);
    // Relays pass a copy on at most once per pace interval: never send them faster.
    const paced = Math.max(lastPublishAt, sentAt) + minGapMs;
    const delay = Math.max(1000, lastPublishAt + gap - Date.now(), paced - Date.now());
    graftTimer = setTimeout(() => {
      graftTimer = undefined;
      graftRepublishes++;
      lastPublishAt = Date.now();
      // The same signed advert in new bytes: relays that have it drop it without a signature
      // check and without counting it against our pace; new mesh peers take it.
      const copy = 1 + (graftRepublishes % 64);
      if (current) void gossip.publish(current, { copy }).catch(() => undefined);
    }, delay);
  };
  libp2p.services.pubsub.addEventListener("gossipsub:graft", onGraft);
  let lastAddrs = current?.advert.multiaddrs.join(" ");
  const onSelfUpdate = () => {
    const addrs = peer.multiaddrs().join(" ");
    if (content.multiaddrs || addrs === lastAddrs) return;
    lastAddrs = addrs;
    void signAndPublish().catch(() => undefined);
  };
  libp2p.addEventListener("self:peer:update", onSelfUpdate);

  return {
    ...peer,
    current: () => current as SignedAdvert,
    async update(changes) {
      content = { ...content, ...changes };
      return signAndPublish();
    },
    publish: signAndPublish,
    listAdverts: () => listAdverts(peer.store),
    checkReachability: (options = {}) =>
      checkReachability({ ...options, libp2p, signed: current as SignedAdvert }),
    async stop() {
      stopping.abort();
      clearInterval(timer);
      clearTimeout(graftTimer);
      libp2p.services.pubsub.removeEventListener("gossipsub:graft", onGraft);
      libp2p.removeEventListener("self:peer:update", onSelfUpdate);
      await queue;
      await peer.stop();
    },
  };
}
