import type { Address } from "viem";
import type { AdvertRejectReason } from "./advert-error.ts";
import {
  type Advert,
  decodeSignedAdvert,
  type SignedAdvert,
  signedAdvertToJson,
} from "./advert-schema.ts";
import { type VerifyAdvertParameters, verifyAdvert } from "./verify-advert.ts";

/** Outcome of offering an advert to an {@link AdvertStore}. */
export type AdmitAdvertResult =
  | { status: "added" | "replaced"; advert: Advert; signed: SignedAdvert }
  | { status: "duplicate"; advert: Advert; signed: SignedAdvert }
  | { status: "refused"; reason: AdvertRejectReason; message: string };

/** Where an advert came from, for eviction: the libp2p peer that delivered it, if any. */
export type AdmitAdvertOptions = { source?: string | undefined };

/** How an {@link AdvertStore} judges the peers adverts came from; see `evictionRank`. */
export type AdvertSourceTrust = {
  /** True when the peer was penalised (e.g. its gossipsub score is below zero). */
  penalised(peerId: string): boolean;
  /** True while we hold a live, authenticated connection to the peer. */
  connected(peerId: string): boolean;
};

/** Options of {@link createAdvertStore}. */
export type CreateAdvertStoreParameters = Omit<VerifyAdvertParameters, "now"> & {
  /** Clock in unix seconds; default the system clock. */
  now?: (() => number) | undefined;
  /**
   * Most providers held at once. Beyond it a new advert evicts the least trusted one (see
   * {@link createAdvertStore}); a newcomer is never refused. Default 10 000.
   */
  maxAdverts?: number | undefined;
  /** Judges the peers adverts came from; default: nobody penalised, nobody connected. */
  trust?: AdvertSourceTrust | undefined;
};

/** Latest valid signed advert per provider; every advert is verified before it is held. */
export type AdvertStore = {
  /**
   * Verifies an advert and keeps it when it is newer (higher `sequence`) than the one held for
   * its provider. An older or conflicting same-sequence advert is refused as `STALE` (replay).
   */
  admit(input: Uint8Array | unknown, options?: AdmitAdvertOptions): Promise<AdmitAdvertResult>;
  /** The held advert of a provider, if any and not expired. */
  get(provider: Address): SignedAdvert | undefined;
  /** Every held advert that has not expired. */
  list(): SignedAdvert[];
  /** Drops expired adverts; returns how many were dropped. */
  evictExpired(): number;
  /** Sets how sources are judged (a gossip node sets its peer scores and connections). */
  setTrust(trust: AdvertSourceTrust): void;
  /** Number of held adverts (expired ones included until evicted). */
  readonly size: number;
  /** Called after an advert is added or replaced; returns a function that removes the listener. */
  onChange(listener: (signed: SignedAdvert) => void): () => void;
  /** The verification settings this store applies. */
  readonly verifyParameters: Omit<VerifyAdvertParameters, "now">;
};

type Held = { signed: SignedAdvert; source: string | undefined };

/**
 * Creates an in-memory {@link AdvertStore}. When it is full, a new provider's advert is still
 * admitted: expired adverts go first, then the lowest by {@link evictionRank} (adverts from a
 * penalised peer, then those whose provider's own node is not connected to us, then the oldest
 * `issuedAt`), so throwaway keys cannot lock honest newcomers out.
 *
 * @example
 * const store = createAdvertStore({ accept: [{ chainId: 31337 }] });
 * const result = await store.admit(bytes);
 */
export function createAdvertStore(parameters: CreateAdvertStoreParameters): AdvertStore {
  const now = parameters.now ?? (() => Math.floor(Date.now() / 1000));
  const maxAdverts = parameters.maxAdverts ?? 10_000;
  const held = new Map<string, Held>();
  // peer id -> the provider whose advert that peer's own node delivered last: one vouch per node.
  const vouchedBy = new Map<string, string>();
  const listeners = new Set<(signed: SignedAdvert) => void>();
  let trust = parameters.trust ?? { penalised: () => false, connected: () => false };
  const { now: _ignored, maxAdverts: _max, trust: _trust, ...verifyParameters } = parameters;

  const live = (signed: SignedAdvert) => signed.advert.expiresAt > now();
  const drop = (key: string) => {
    const entry = held.get(key);
    held.delete(key);
    if (entry?.source && vouchedBy.get(entry.source) === key) vouchedBy.delete(entry.source);
  };
  const evictExpired = () => {
    let dropped = 0;
    for (const [key, entry] of held) {
      if (!live(entry.signed)) {
        drop(key);
        dropped++;
      }
    }
    return dropped;
  };
  const evictLeastTrusted = () => {
    // One pass, each peer judged once: O(held) per eviction, small next to a signature check.
    const penalised = new Map<string, boolean>();
    const connected = new Map<string, boolean>();
    const judge = (cache: Map<string, boolean>, peer: string, ask: (peer: string) => boolean) => {
      const known = cache.get(peer);
      if (known !== undefined) return known;
      const verdict = ask(peer);
      cache.set(peer, verdict);
      return verdict;
    };
    let victim: string | undefined;
    let lowest: EvictionRank | undefined;
    for (const [key, { signed, source }] of held) {
      const rank = evictionRank({
        issuedAt: signed.advert.issuedAt,
        penalised: source !== undefined && judge(penalised, source, trust.penalised),
        vouched:
          source !== undefined &&
          vouchedBy.get(source) === key &&
          judge(connected, source, trust.connected),
      });
      if (lowest === undefined || compareRanks(rank, lowest) < 0) {
        lowest = rank;
        victim = key;
      }
    }
    if (victim !== undefined) drop(victim);
  };

  return {
    verifyParameters,
    get size() {
      return held.size;
    },
    setTrust(next) {
      trust = next;
    },
    async admit(input, options = {}) {
      // The advert we hold, again (a copy, a snapshot): same answer, without a signature check.
      const decoded = decodeSignedAdvert(input);
      if (decoded.ok) {
        const same = held.get(decoded.signed.advert.provider.toLowerCase())?.signed;
        if (same && live(same) && sameSignedAdvert(same, decoded.signed)) {
          return { status: "duplicate", advert: same.advert, signed: same };
        }
      }
      const verified = await verifyAdvert(input, { ...verifyParameters, now: now() });
      if (!verified.ok)
        return { status: "refused", reason: verified.reason, message: verified.message };
      const { advert, signed } = verified;
      // Decide after the (async) signature check, synchronously, so concurrent admits of one
      // provider cannot both win.
      const key = advert.provider.toLowerCase();
      const current = held.get(key)?.signed;
      // Compared even when the held advert has expired: an older advert must never come back.
      if (current && advert.sequence <= current.advert.sequence) {
        if (advert.sequence === current.advert.sequence && signed.signature === current.signature) {
          return { status: "duplicate", advert, signed };
        }
        return {
          status: "refused",
          reason: "STALE",
          message: `advert sequence ${advert.sequence} is not newer than held ${current.advert.sequence}`,
        };
      }
      if (!current && held.size >= maxAdverts && evictExpired() === 0) evictLeastTrusted();
      const previous = held.get(key);
      if (previous?.source && vouchedBy.get(previous.source) === key) {
        vouchedBy.delete(previous.source);
      }
      held.set(key, { signed, source: options.source });
      // The provider's own node delivered it (its peer id is authenticated by the connection).
      if (options.source !== undefined && options.source === advert.peerId) {
        vouchedBy.set(options.source, key);
      }
      for (const listener of listeners) listener(signed);
      return { status: current ? "replaced" : "added", advert, signed };
    },
    get(provider) {
      const signed = held.get(provider.toLowerCase())?.signed;
      return signed && live(signed) ? signed : undefined;
    },
    list() {
      return [...held.values()].map((entry) => entry.signed).filter(live);
    },
    evictExpired,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

function sameSignedAdvert(a: SignedAdvert, b: SignedAdvert): boolean {
  if (a.signature !== b.signature) return false;
  return JSON.stringify(signedAdvertToJson(a)) === JSON.stringify(signedAdvertToJson(b));
}

/** What eviction looks at for one held advert; see {@link evictionRank}. */
export type EvictionFacts = {
  issuedAt: number;
  /** The peer that delivered it was penalised since (flooding, invalid messages). */
  penalised: boolean;
  /** The provider's own node delivered it and is connected to us now. */
  vouched: boolean;
};

/** Sort key for eviction: lower is evicted first. */
export type EvictionRank = readonly [number, number, number];

/**
 * The eviction order of a full store: adverts from penalised peers first, then those not vouched
 * for by their provider's connected node, then the oldest `issuedAt`.
 *
 * @example
 * compareRanks(evictionRank(a), evictionRank(b)) < 0; // a goes first
 */
export function evictionRank(facts: EvictionFacts): EvictionRank {
  return [facts.penalised ? 0 : 1, facts.vouched ? 1 : 0, facts.issuedAt];
}

/** Orders two {@link EvictionRank}s (negative: `a` is evicted before `b`). */
export function compareRanks(a: EvictionRank, b: EvictionRank): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}
