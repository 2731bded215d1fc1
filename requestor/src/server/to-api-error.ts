import type { Socket } from "node:net";
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

/**
 * Answers bytes that are not a valid HTTP request (Node's parser refused them: a bad method or
 * URL character, a malformed header, headers too large) with the `{error}` envelope and closes
 * the connection, instead of Node's bare `400 Bad Request`.
 *
 * @example
 * Fastify({ clientErrorHandler: answerMalformedHttp });
 */
export function answerMalformedHttp(
  error: Error & { code?: string; rawPacket?: unknown },
  socket: Socket,
): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = error.code === "HPE_HEADER_OVERFLOW";
  const golem = new GolemError(
    "VALIDATION_FAILED",
    tooLarge ? "the request's headers are too large" : "the request is not valid HTTP",
    {
      status: tooLarge ? 431 : 400,
      hints: ["send an HTTP/1.1 request with a percent-encoded URL and well-formed headers"],
      details: { reason: error.code ?? "HPE_INVALID" },
    },
  );
  // A HEAD request's answer has no body, even this one.
  const raw = error.rawPacket;
  const head = Buffer.isBuffer(raw) && raw.subarray(0, 5).toString("latin1") === "HEAD ";
  const body = head ? "" : JSON.stringify(golem.toJSON());
  socket.end(
    `HTTP/1.1 ${golem.status} ${tooLarge ? "Request Header Fields Too Large" : "Bad Request"}\r\n` +
      "content-type: application/json; charset=utf-8\r\n" +
      `content-length: ${head ? Buffer.byteLength(JSON.stringify(golem.toJSON())) : Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}
