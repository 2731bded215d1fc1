import { errorText } from "../service/to-golem-error.ts";
import type { OfferStore } from "./offer-store.ts";

/** Options of {@link startOfferPruning}. */
export type StartOfferPruningOptions = {
  offers: OfferStore;
  /** Time between passes (ms). */
  intervalMs: number;
  /** Unix time in ms; the clock by default. */
  now?: () => number;
  log: (line: string) => void;
};

/**
 * Deletes expired, unused offers on a timer (once at start, then every `intervalMs`), so
 * quotes nobody paid for do not pile up in the database. Used offers are kept: they name the
 * streams the node withdraws from. The timer does not keep the process alive.
 *
 * @example const pruning = startOfferPruning({ offers, intervalMs: 60_000, log }); await pruning.close();
 */
export function startOfferPruning(options: StartOfferPruningOptions) {
  const now = options.now ?? Date.now;
  const prune = () => {
    try {
      const deleted = options.offers.pruneExpired(Math.floor(now() / 1000));
      if (deleted > 0) options.log(`deleted ${deleted} expired offers nobody paid for`);
    } catch (error) {
      options.log(`offer pruning failed, will retry: ${errorText(error)}`);
    }
  };
  prune();
  const timer = setInterval(prune, options.intervalMs);
  timer.unref();
  return {
    /** Stops the timer. */
    async close(): Promise<void> {
      clearInterval(timer);
    },
  };
}

/** The timer returned by {@link startOfferPruning}. */
export type OfferPruning = ReturnType<typeof startOfferPruning>;
