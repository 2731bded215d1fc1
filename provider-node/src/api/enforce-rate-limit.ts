import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { rateLimitError } from "./rate-limit-error.ts";

/** A limiter made by @fastify/rate-limit's `createRateLimit`. */
type Limiter = ReturnType<FastifyInstance["createRateLimit"]>;

/**
 * Counts `request` against `limiter` and throws `RATE_LIMITED` (with `Retry-After`) once it is
 * past its limit. Unlike the plugin's route hooks, several limiters can run on one request
 * (per IP, then per requestor).
 *
 * @example await enforceRateLimit(perIp, request, reply, "offers asked from your IP address");
 */
export async function enforceRateLimit(
  limiter: Limiter,
  request: FastifyRequest,
  reply: FastifyReply,
  what: string,
): Promise<void> {
  const result = await limiter(request);
  if (result.isAllowed || !result.isExceeded) return;
  void reply.header("retry-after", result.ttlInSeconds);
  throw rateLimitError(() => what)(request, {
    max: result.max,
    after: describeWindow(result.timeWindow),
    ttl: result.ttl,
  });
}

function describeWindow(ms: number): string {
  const minutes = ms / 60_000;
  if (Number.isInteger(minutes)) return minutes === 1 ? "1 minute" : `${minutes} minutes`;
  return `${Math.round(ms / 1000)} seconds`;
}
