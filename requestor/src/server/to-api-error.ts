import { frameworkClientError, GolemError } from "@vm-on-golem/sdk/errors";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { toGolemError } from "../cli/print-error.ts";

/**
 * Turns anything a route of the local API threw into a {@link GolemError}: GolemErrors as they
 * are, schema failures into `VALIDATION_FAILED` with the fields, Fastify's own 4xx (a body that
 * is not JSON, an empty body sent as JSON, a media type it does not take, too large) into
 * `VALIDATION_FAILED` with their status, anything else into `INTERNAL`.
 *
 * @example
 * app.setErrorHandler((error, _req, reply) => {
 *   const golem = toApiError(error);
 *   void reply.status(golem.status).send(golem.toJSON());
 * });
 */
export function toApiError(error: unknown): GolemError {
  if (hasZodFastifySchemaValidationErrors(error)) {
    return new GolemError("VALIDATION_FAILED", `the request is invalid: ${error.message}`, {
      details: { fields: error.validation.map((v) => v.instancePath || "(root)") },
    });
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "FST_ERR_BAD_URL" || code === "FST_ERR_MAX_PARAM_LENGTH") {
    return new GolemError("VALIDATION_FAILED", "the request's URL cannot be read", {
      hints: ["percent-encode each path segment (at most 100 characters), e.g. /api/v1/vms/web-1"],
      details: { reason: code },
    });
  }
  // The client's mistake, caught by Fastify before any route ran: not a bug of this server.
  const clientError = frameworkClientError(error);
  if (clientError) return clientError;
  return toGolemError(error);
}
