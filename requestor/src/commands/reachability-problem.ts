import type { ProviderReachability } from "@vm-on-golem/sdk/discovery";
import { GolemError } from "@vm-on-golem/sdk/errors";

/** How long `vm create` waits for the provider's `GET /provider/info` before refusing it, ms. */
export const CREATE_PROBE_TIMEOUT_MS = 10_000;

/** Parameters of {@link reachabilityProblem}. */
export type ReachabilityProblemParameters = {
  /** What probing the provider's API found just now. */
  seen: ProviderReachability;
  providerId: string;
  apiUrl: string;
  /** The probe's timeout, ms (named when it ran out). */
  timeoutMs: number;
};

/** The finding as the end of a sentence: "did not answer within 10 s". */
function whatWasSeen(seen: Exclude<ProviderReachability, { reachable: true }>, timeoutMs: number) {
  switch (seen.reason) {
    case "timeout":
      return `did not answer within ${timeoutMs / 1000} s`;
    case "unreachable":
      return `could not be connected to${seen.detail ? ` (${seen.detail})` : ""}`;
    case "http-error":
      return `answered HTTP ${seen.status ?? "error"} instead of its provider info`;
    case "wrong-provider":
      return `answers as provider ${seen.reportedProviderId ?? "(no payment id)"}, not as the advert's signer`;
    case "payments-off":
      return "answers but does not take payments";
    case "refused-url":
      return `was not asked: ${seen.detail ?? "not a public origin"}`;
  }
}

/**
 * Why `vm create` must not rent from a provider whose API did not answer the create-time probe
 * (as `golem vm providers` probes it), or undefined when it answered: `PROVIDER_UNREACHABLE`
 * naming the URL and what was seen, with `--force` as the way past it. Checked before sign-in,
 * so a refused create has opened no stream and paid nothing.
 *
 * @example
 * const problem = reachabilityProblem({ seen: await probeProvider({ apiUrl, providerId }), providerId, apiUrl, timeoutMs });
 * if (problem) throw problem;
 */
export function reachabilityProblem(p: ReachabilityProblemParameters): GolemError | undefined {
  if (p.seen.reachable) return undefined;
  return new GolemError(
    "PROVIDER_UNREACHABLE",
    `provider ${p.providerId}'s API at ${p.apiUrl} ${whatWasSeen(p.seen, p.timeoutMs)}; nothing was paid`,
    {
      hints: [
        "pick a provider that answers: `golem vm providers` shows which do (Reachable column)",
        "a provider behind NAT without a port forward cannot be rented from outside its network",
        "to try anyway (e.g. the API answers only from where you rent), pass --force: the create then fails at sign-in, before any stream is opened, if the API does not answer",
      ],
      details: {
        providerId: p.providerId,
        apiUrl: p.apiUrl,
        reason: p.seen.reason,
        ...(p.seen.detail === undefined ? {} : { detail: p.seen.detail }),
        ...(p.seen.status === undefined ? {} : { status: p.seen.status }),
      },
    },
  );
}
