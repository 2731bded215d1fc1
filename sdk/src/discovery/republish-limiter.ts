/** What {@link RepublishLimiter.reserve} decided for one gossip message. */
export type RepublishVerdict =
  | {
      kind: "go";
      /** The advert was relayed: the provider's interval runs from its signed time. */
      commit(): void;
      /** The advert was refused: the provider's slot is as before. */
      release(): void;
    }
  /** Another message of this provider is being validated now: drop this one, blame nobody. */
  | { kind: "busy" }
  /** Older than the advert relayed last for this provider (a replay). */
  | { kind: "stale" }
  /** Signed (or arriving) too soon after the last relayed advert of this provider: drop it. */
  | { kind: "early" }
  /** The same peer sent more than its allowance of early adverts of this provider: a flood. */
  | { kind: "flood" };

/** The signed facts of an advert the limiter looks at. */
export type PacedAdvert = { provider: string; sequence: number; issuedAt: number };

/** Parameters of {@link createRepublishLimiter}. */
export type CreateRepublishLimiterParameters = {
  /** Least step in signed time (`issuedAt`) between two relayed adverts of one provider, seconds. */
  minIntervalSeconds: number;
  /** Early adverts of one provider one peer may send before it counts as a flood. Default 1. */
  earlyAllowance?: number | undefined;
  /** Clock, ms. Default `Date.now`. */
  now?: (() => number) | undefined;
};

/** Per-provider pacing of relayed adverts; see {@link createRepublishLimiter}. */
export type RepublishLimiter = {
  /** Judges a message carrying `advert` from peer `from`; on "go" the provider's slot is held. */
  reserve(advert: PacedAdvert, from: string): RepublishVerdict;
  /** The sequence of the advert of `provider` relayed last, if any. */
  relayedSequence(provider: string): number | undefined;
  /** Number of providers tracked. */
  readonly size: number;
  /** The interval, seconds (for messages). */
  readonly intervalSeconds: number;
};

type Slot = {
  sequence: number;
  /** `issuedAt`, but never later than when it arrived: unix seconds. */
  paceAt: number;
  /** When it, or a copy of it (same advert, other bytes), was last relayed, ms. */
  copyAt: number;
  /** Early messages per peer since it was relayed. */
  early: Map<string, number>;
};

/** Providers tracked before old slots are dropped. */
const PRUNE_ABOVE = 4096;
/** A slot is kept this long after its advert arrived, ms: longer than any advert lives. */
const FORGET_AFTER_MS = 2 * 3600_000;

/**
 * Paces relaying per provider: an advert is relayed only when it is signed at least
 * `minIntervalSeconds` after the last relayed one of its provider. Signed time (`issuedAt`) makes
 * every relay judge the same advert the same way whatever the path delays; a time ahead of the
 * arrival counts as the arrival, so adverts signed ahead cannot go out in a burst. An honest relay
 * therefore never forwards an early advert; a peer that sends more than `earlyAllowance` of one
 * provider is flooding, which the caller REJECTs so gossipsub scores the peer down. A copy of the
 * advert relayed last (same advert, other bytes: a provider healing a new mesh) is relayed at
 * most once per interval of arrival time, under the same allowance.
 *
 * @example
 * const limiter = createRepublishLimiter({ minIntervalSeconds: 5 });
 * const verdict = limiter.reserve(advert, from.toString());
 * if (verdict.kind === "go") verdict.commit();
 */
export function createRepublishLimiter(
  parameters: CreateRepublishLimiterParameters,
): RepublishLimiter {
  const now = parameters.now ?? Date.now;
  const interval = parameters.minIntervalSeconds;
  const allowance = parameters.earlyAllowance ?? 1;
  const slots = new Map<string, Slot>();
  const pending = new Set<string>();
  let prunedAt = 0;

  const prune = (at: number) => {
    if (slots.size <= PRUNE_ABOVE || at - prunedAt < interval * 1000) return;
    prunedAt = at;
    for (const [key, slot] of slots) {
      if (!pending.has(key) && at - slot.copyAt > FORGET_AFTER_MS) slots.delete(key);
    }
  };

  return {
    intervalSeconds: interval,
    get size() {
      return slots.size;
    },
    relayedSequence: (provider) => slots.get(provider.toLowerCase())?.sequence,
    reserve(advert, from) {
      const key = advert.provider.toLowerCase();
      const at = now();
      prune(at);
      if (pending.has(key)) return { kind: "busy" };
      const slot = slots.get(key);
      if (slot && advert.sequence < slot.sequence) return { kind: "stale" };
      const paceAt = Math.min(advert.issuedAt, Math.floor(at / 1000));
      const copy = slot !== undefined && advert.sequence === slot.sequence;
      const early = copy
        ? at - slot.copyAt < interval * 1000
        : slot !== undefined && paceAt < slot.paceAt + interval;
      if (slot && early) {
        const count = (slot.early.get(from) ?? 0) + 1;
        slot.early.set(from, count);
        return count > allowance ? { kind: "flood" } : { kind: "early" };
      }
      pending.add(key);
      return {
        kind: "go",
        commit() {
          pending.delete(key);
          const signedAt = copy ? slot.paceAt : paceAt;
          slots.set(key, {
            sequence: advert.sequence,
            paceAt: signedAt,
            copyAt: at,
            early: new Map(),
          });
        },
        release() {
          pending.delete(key);
        },
      };
    },
  };
}
