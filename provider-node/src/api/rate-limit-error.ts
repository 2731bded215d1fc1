import { GolemError } from "@vm-on-golem/sdk/errors";
import type { FastifyRequest } from "fastify";

/** What @fastify/rate-limit hands an `errorResponseBuilder`. */
type RateLimitContext = { max: number; after: string; ttl: number };

/**
 * An `errorResponseBuilder` for @fastify/rate-limit: `RATE_LIMITED` (429) in the envelope,
 * saying what was limited, the limit, and when to try again.
 *
 * @example app.rateLimit({ max: 30, timeWindow: "1 minute", errorResponseBuilder: rateLimitError(() => "offers from this requestor") });
 */
export function rateLimitError(what: (request: FastifyRequest) => string) {
  return (request: FastifyRequest, context: RateLimitContext): GolemError => {
    const retryAfterSeconds = Math.ceil(context.ttl / 1000);
    return new GolemError(
      "RATE_LIMITED",
      `too many ${what(request)}: at most ${context.max} per ${context.after}`,
      {
        hints: [`wait ${retryAfterSeconds} s and try again`],
        details: { retryAfterSeconds },
      },
    );
  };
}
