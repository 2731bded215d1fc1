import { GolemError } from "./golem-error.ts";

/**
 * The client's mistake as an HTTP framework (Fastify) reports it before any route ran: a body
 * that is not JSON, an empty body sent as JSON, a media type it does not take, a body too
 * large. Such errors carry a 4xx `statusCode` and an `FST_…` code. Returns them as
 * `VALIDATION_FAILED` with their status, or `undefined` for anything else (a route's own
 * error is not the framework's). Structural: no framework is imported.
 *
 * @example
 * app.setErrorHandler((error, _req, reply) => {
 *   const golem = frameworkClientError(error) ?? toGolemError(error);
 *   void reply.status(golem.status).send(golem.toJSON());
 * });
 */
export function frameworkClientError(error: unknown): GolemError | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { statusCode, code, message } = error as {
    statusCode?: unknown;
    code?: unknown;
    message?: unknown;
  };
  if (typeof statusCode !== "number" || statusCode < 400 || statusCode >= 500) return undefined;
  if (typeof code !== "string" || !code.startsWith("FST_")) return undefined;
  return new GolemError(
    "VALIDATION_FAILED",
    `the request is invalid: ${typeof message === "string" ? message : code}`,
    {
      status: statusCode,
      hints: [hintOf[code] ?? bodyHint],
      details: { reason: code },
    },
  );
}

const bodyHint =
  "send a JSON body with content-type: application/json, or no body and no such header";

// What to do about the framework's complaints that are not about the body.
const hintOf: Record<string, string> = {
  FST_ERR_BAD_URL: "percent-encode the URL correctly (RFC 3986), e.g. %2F, never a lone %",
  FST_ERR_MAX_PARAM_LENGTH: "use the id the API gave you; path parameters are short",
  FST_ERR_CTP_BODY_TOO_LARGE: "send a smaller body; the server refuses bodies over its limit",
};
