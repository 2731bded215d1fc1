import { type Address, isAddressEqual } from "viem";
import { checkApiUrl } from "../advert/api-url-policy.ts";
import { isGolemError } from "../errors/golem-error.ts";
import type { ProviderInfoView } from "../provider-api/provider-info.ts";
import { createProviderClient } from "../provider-client/create-provider-client.ts";

/** How long {@link probeProvider} waits for an answer by default, ms. */
export const DEFAULT_PROBE_TIMEOUT_MS = 3000;

/** Why a provider did not answer as the provider it advertises. */
export type UnreachableReason =
  /** No answer within the timeout. */
  | "timeout"
  /** No connection: refused, no route, unknown host, TLS failure… */
  | "unreachable"
  /** The API answered with an error status, or not with provider info. */
  | "http-error"
  /** The API reports another provider id than the advert's signer. */
  | "wrong-provider"
  /** The provider answers but does not take payments, so it cannot be rented. */
  | "payments-off"
  /** Not asked: the URL is not a bare origin or names a private host (see `checkApiUrl`). */
  | "refused-url";

/** What {@link probeProvider} found, now. */
export type ProviderReachability =
  | {
      reachable: true;
      /** Round trip of `GET /api/v1/provider/info`, ms (whole). */
      latencyMs: number;
    }
  | {
      reachable: false;
      reason: UnreachableReason;
      /** The HTTP status, for `http-error`. */
      status?: number | undefined;
      /** The provider id the API reported, for `wrong-provider` (null when it named none). */
      reportedProviderId?: string | null | undefined;
      /** A short technical detail (e.g. `ECONNREFUSED`), when there is one. */
      detail?: string | undefined;
    };

/** Parameters of {@link probeProvider}. */
export type ProbeProviderParameters = {
  /** The advert's `apiUrl`. */
  apiUrl: string;
  /** The advert's signer: the provider the API must say it is. */
  providerId: Address;
  /** Give up after this many ms. Default {@link DEFAULT_PROBE_TIMEOUT_MS}. */
  timeoutMs?: number | undefined;
  /** Default the global `fetch`. */
  fetch?: typeof fetch | undefined;
  /**
   * Probe loopback/private/link-local hosts too: only for a dev chain's adverts (local demo,
   * tests). Default false: such a URL is refused without opening a socket.
   */
  allowPrivateHosts?: boolean | undefined;
};

/** Result of {@link probeProvider}. */
export type ProbeProviderReturnType = ProviderReachability;

/**
 * Asks a provider's API for its public info (`GET /api/v1/provider/info`, no sign-in) and
 * says whether it answered in time as the provider that signed the advert, with payments on.
 * A peer can advertise somebody else's URL, so the id the API reports must be the advert's
 * signer. The URL is checked again first (a bare public origin unless `allowPrivateHosts`), so a
 * signed advert cannot aim the probe at the reader's own network. Never throws; browser-safe.
 *
 * @example
 * const seen = await probeProvider({ apiUrl: advert.apiUrl, providerId: advert.provider });
 * if (seen.reachable) console.log(`answered in ${seen.latencyMs} ms`);
 * else console.log(`not reachable: ${seen.reason}`);
 */
export async function probeProvider(
  parameters: ProbeProviderParameters,
): Promise<ProbeProviderReturnType> {
  const timeoutMs = parameters.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  const checked = checkApiUrl(parameters.apiUrl, {
    allowPrivateHosts: parameters.allowPrivateHosts ?? false,
  });
  if (!checked.ok) return { reachable: false, reason: "refused-url", detail: checked.message };
  const fetcher = parameters.fetch ?? ((input, init) => fetch(input, init));
  const client = createProviderClient({
    baseUrl: checked.origin,
    // One request per provider: close the socket after the answer instead of keeping it idle
    // (browsers ignore this header and manage their own pool).
    fetch: (input, init) =>
      fetcher(input, { ...init, headers: { ...toRecord(init?.headers), connection: "close" } }),
    timeoutMs,
  });
  const started = performance.now();
  let info: ProviderInfoView;
  try {
    info = await client.providerInfo();
  } catch (error) {
    return failure(error);
  }
  const latencyMs = Math.max(0, Math.round(performance.now() - started));
  const { providerId, paymentsEnabled } = info;
  // Identity first: an API that is somebody else's is the finding, whatever its payments.
  if (providerId !== null && !isAddressEqual(providerId, parameters.providerId)) {
    return { reachable: false, reason: "wrong-provider", reportedProviderId: providerId };
  }
  if (!paymentsEnabled) return { reachable: false, reason: "payments-off" };
  if (providerId === null) {
    return { reachable: false, reason: "wrong-provider", reportedProviderId: null };
  }
  return { reachable: true, latencyMs };
}

function toRecord(headers: RequestInit["headers"]): Record<string, string> {
  return Object.fromEntries(new Headers(headers).entries());
}

/** The client's error as a reason: a `cause` means no HTTP answer came back at all. */
function failure(error: unknown): ProviderReachability {
  if (!isGolemError(error)) {
    return { reachable: false, reason: "unreachable", detail: String(error) };
  }
  const cause = error.cause;
  if (cause === undefined) {
    const status = error.details?.status;
    return {
      reachable: false,
      reason: "http-error",
      status: typeof status === "number" ? status : error.status,
      ...(error.code === "PROVIDER_BAD_RESPONSE" ? { detail: "not provider info" } : {}),
    };
  }
  if (cause instanceof Error && (cause.name === "TimeoutError" || cause.name === "AbortError")) {
    return { reachable: false, reason: "timeout" };
  }
  return { reachable: false, reason: "unreachable", detail: networkDetail(cause) };
}

/** `ECONNREFUSED`, `ENOTFOUND`…: fetch wraps the socket error in `TypeError("fetch failed")`. */
function networkDetail(cause: unknown): string | undefined {
  let current: unknown = cause;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = Reflect.get(current, "code");
    if (typeof code === "string") return code;
    current = current.cause;
  }
  return cause instanceof Error ? cause.message : undefined;
}
