/** What {@link RepublishLimiter.reserve} decided for one gossip message. */
export type RepublishVerdict =
  /** Go on and validate; then `commit` (relayed) or `release` (refused). */
  | { kind: "go"; commit(sequence: number): void; release(): void }
  /** Another message of this provider is being validated now: drop this one, blame nobody. */
  | { kind: "busy" }
  /** Within the interval of the last relayed advert of this provider: drop it. */
  | { kind: "early" }
  /** The same peer sent more than one early advert of this provider in one interval: a flood. */
  | { kind: "flood" };

/** Parameters of {@link createRepublishLimiter}. */
export type CreateRepublishLimiterParameters = {
  /** Least time between two relayed adverts of one provider, ms. */
  minIntervalMs: number;
  /** Early adverts of one provider one peer may send per interval before it counts as a flood. Default 1. */
  earlyAllowance?: number | undefined;
  /** Clock, ms. Default `Date.now`. */
  now?: (() => number) | undefined;
};

/** Per-provider pacing of relayed adverts; see {@link createRepublishLimiter}. */
export type RepublishLimiter = {
  /** Judges a message of `provider` from peer `from`, reserving the provider's slot on "go". */
  reserve(provider: string, from: string): RepublishVerdict;
  /** The sequence of the advert of `provider` relayed last, if any. */
  relayedSequence(provider: string): number | undefined;
  /** Number of providers tracked. */
  readonly size: number;
  /** The interval, whole seconds (for messages). */
  readonly intervalSeconds: number;
};

type Slot = {
  at: number;
  sequence: number | undefined;
  pending: boolean;
  early: Map<string, number>;
};

/** Providers tracked before old slots are dropped. */
const PRUNE_ABOVE = 4096;
/** A slot is kept this long after its last relay, ms: longer than any advert lives. */
const FORGET_AFTER_MS = 2 * 3600_000;

/**
 * Paces relaying per provider: after an advert of a provider is relayed, others of that provider
 * are dropped for `minIntervalMs`. An honest relay forwards at most one advert per provider per
 * interval, so from one peer at most `earlyAllowance` early ones per interval can come from clock
 * and path jitter; more is a flood, which the caller REJECTs so gossipsub scores the peer down.
 *
 * @example
 * const limiter = createRepublishLimiter({ minIntervalMs: 5000 });
 * const verdict = limiter.reserve(advert.provider, from.toString());
 * if (verdict.kind === "go") verdict.commit(advert.sequence);
 */
export function createRepublishLimiter(
  parameters: CreateRepublishLimiterParameters,
): RepublishLimiter {
  const now = parameters.now ?? Date.now;
  const allowance = parameters.earlyAllowance ?? 1;
  const slots = new Map<string, Slot>();
  let prunedAt = 0;

  const prune = (at: number) => {
    if (slots.size <= PRUNE_ABOVE || at - prunedAt < parameters.minIntervalMs) return;
    prunedAt = at;
    for (const [key, slot] of slots) {
      if (!slot.pending && at - slot.at > FORGET_AFTER_MS) slots.delete(key);
    }
  };

  return {
    intervalSeconds: Math.round(parameters.minIntervalMs / 1000),
    get size() {
      return slots.size;
    },
    relayedSequence: (provider) => slots.get(provider.toLowerCase())?.sequence,
    reserve(provider, from) {
      const key = provider.toLowerCase();
      const at = now();
      prune(at);
      const slot = slots.get(key);
      if (slot?.pending) return { kind: "busy" };
      if (slot && slot.sequence !== undefined && at - slot.at < parameters.minIntervalMs) {
        const early = (slot.early.get(from) ?? 0) + 1;
        slot.early.set(from, early);
        return early > allowance ? { kind: "flood" } : { kind: "early" };
      }
      const reserved: Slot = { at, sequence: slot?.sequence, pending: true, early: new Map() };
      slots.set(key, reserved);
      return {
        kind: "go",
        commit(sequence) {
          slots.set(key, { at: now(), sequence, pending: false, early: new Map() });
        },
        release() {
          if (slots.get(key) !== reserved) return;
          if (slot) slots.set(key, slot);
          else slots.delete(key);
        },
      };
    },
  };
}
