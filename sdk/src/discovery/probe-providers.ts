import pLimit from "p-limit";
import type { Address } from "viem";
import {
  type ProbeProviderParameters,
  type ProviderReachability,
  probeProvider,
} from "./probe-provider.ts";

/** Probes in flight at once by default: a listing of 10 000 adverts opens at most this many sockets. */
export const DEFAULT_PROBE_CONCURRENCY = 16;

/** Runs a task when fewer than the pool's limit are running; see {@link createProbeLimiter}. */
export type ProbeLimiter = <T>(task: () => Promise<T>) => Promise<T>;

/**
 * A pool for probes that are not made through {@link probeProviders} (e.g. one per table row in
 * the dapp): at most `concurrency` tasks run at once, the rest wait their turn (a task's own
 * timeout should start when it runs, inside the task).
 *
 * @example
 * const probes = createProbeLimiter();
 * const info = await probes(() => client.providerInfo());
 */
export function createProbeLimiter(concurrency = DEFAULT_PROBE_CONCURRENCY): ProbeLimiter {
  return pLimit(Math.max(1, concurrency));
}

/** Parameters of {@link probeProviders}. */
export type ProbeProvidersParameters = Omit<ProbeProviderParameters, "apiUrl" | "providerId"> & {
  /** The adverts' API URLs and signers. */
  targets: readonly { apiUrl: string; providerId: Address }[];
  /** Most probes in flight at once. Default {@link DEFAULT_PROBE_CONCURRENCY}. */
  concurrency?: number | undefined;
};

/**
 * {@link probeProvider} for many providers through a small pool, so a listing never opens more
 * than `concurrency` connections at once however many adverts it holds. Results are in the
 * order of `targets`; never throws.
 *
 * @example
 * const seen = await probeProviders({ targets: adverts.map((a) => ({ apiUrl: a.advert.apiUrl, providerId: a.advert.provider })) });
 */
export function probeProviders(
  parameters: ProbeProvidersParameters,
): Promise<ProviderReachability[]> {
  const { targets, concurrency, ...common } = parameters;
  const limit = createProbeLimiter(concurrency);
  return Promise.all(targets.map((target) => limit(() => probeProvider({ ...common, ...target }))));
}
