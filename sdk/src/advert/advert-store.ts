import type { Address } from "viem";
import type { AdvertRejectReason } from "./advert-error.ts";
import type { Advert, SignedAdvert } from "./advert-schema.ts";
import { type VerifyAdvertParameters, verifyAdvert } from "./verify-advert.ts";

/** Outcome of offering an advert to an {@link AdvertStore}. */
export type AdmitAdvertResult =
  | { status: "added" | "replaced"; advert: Advert; signed: SignedAdvert }
  | { status: "duplicate"; advert: Advert; signed: SignedAdvert }
  | { status: "refused"; reason: AdvertRejectReason; message: string };

/** Options of {@link createAdvertStore}. */
export type CreateAdvertStoreParameters = Omit<VerifyAdvertParameters, "now"> & {
  /** Clock in unix seconds; default the system clock. */
  now?: (() => number) | undefined;
  /** Most providers held at once; new providers are refused beyond it. Default 10 000. */
  maxAdverts?: number | undefined;
};

/** Latest valid signed advert per provider; every advert is verified before it is held. */
export type AdvertStore = {
  /**
   * Verifies an advert and keeps it when it is newer (higher `sequence`) than the one held for
   * its provider. An older or conflicting same-sequence advert is refused as `STALE` (replay).
   */
  admit(input: Uint8Array | unknown): Promise<AdmitAdvertResult>;
  /** The held advert of a provider, if any and not expired. */
  get(provider: Address): SignedAdvert | undefined;
  /** Every held advert that has not expired. */
  list(): SignedAdvert[];
  /** Drops expired adverts; returns how many were dropped. */
  evictExpired(): number;
  /** Number of held adverts (expired ones included until evicted). */
  readonly size: number;
  /** Called after an advert is added or replaced; returns a function that removes the listener. */
  onChange(listener: (signed: SignedAdvert) => void): () => void;
  /** The verification settings this store applies. */
  readonly verifyParameters: Omit<VerifyAdvertParameters, "now">;
};

/**
 * Creates an in-memory {@link AdvertStore}.
 *
 * @example
 * const store = createAdvertStore({ accept: [{ chainId: 31337 }] });
 * const result = await store.admit(bytes);
 */
export function createAdvertStore(parameters: CreateAdvertStoreParameters): AdvertStore {
  const now = parameters.now ?? (() => Math.floor(Date.now() / 1000));
  const maxAdverts = parameters.maxAdverts ?? 10_000;
  const held = new Map<string, SignedAdvert>();
  const listeners = new Set<(signed: SignedAdvert) => void>();
  const { now: _ignored, maxAdverts: _max, ...verifyParameters } = parameters;

  const live = (signed: SignedAdvert) => signed.advert.expiresAt > now();
  const evictExpired = () => {
    let dropped = 0;
    for (const [key, signed] of held) {
      if (!live(signed)) {
        held.delete(key);
        dropped++;
      }
    }
    return dropped;
  };

  return {
    verifyParameters,
    get size() {
      return held.size;
    },
    async admit(input) {
      const verified = await verifyAdvert(input, { ...verifyParameters, now: now() });
      if (!verified.ok)
        return { status: "refused", reason: verified.reason, message: verified.message };
      const { advert, signed } = verified;
      // Decide after the (async) signature check, synchronously, so concurrent admits of one
      // provider cannot both win.
      const key = advert.provider.toLowerCase();
      const current = held.get(key);
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
      if (!current && held.size >= maxAdverts && evictExpired() === 0) {
        return {
          status: "refused",
          reason: "STORE_FULL",
          message: `store holds ${maxAdverts} adverts`,
        };
      }
      held.set(key, signed);
      for (const listener of listeners) listener(signed);
      return { status: current ? "replaced" : "added", advert, signed };
    },
    get(provider) {
      const signed = held.get(provider.toLowerCase());
      return signed && live(signed) ? signed : undefined;
    },
    list() {
      return [...held.values()].filter(live);
    },
    evictExpired,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
