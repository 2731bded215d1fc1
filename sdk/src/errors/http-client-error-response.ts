import { GolemError } from "./golem-error.ts";

/** What Node's HTTP server reports in `clientError` (structural: `node:http` is not imported). */
export type HttpClientError = {
  code?: string | undefined;
  /** The bytes the parser was reading when it failed (Node's `error.rawPacket`). */
  rawPacket?: unknown;
};

/**
 * The raw HTTP/1.1 answer to a request the HTTP parser could not read (Node's `clientError`:
 * a request line or header that is not HTTP, headers over the size limit, a broken chunked
 * body, a request that took longer than the server's timeout), as the error envelope:
 * `REQUEST_TIMEOUT` (408) for a timeout, else `VALIDATION_FAILED` with 431 or 400. The
 * connection is closed after it. To a request that starts `HEAD ` it has no body (its
 * Content-Length is still the envelope's). Structural: no framework is imported; a server
 * sends it through {@link answerHttpClientError}, which knows when not to.
 *
 * @example
 * socket.end(httpClientErrorResponse({ code: "HPE_INVALID_METHOD" }));
 */
export function httpClientErrorResponse(error: HttpClientError): string {
  const golem = clientErrorOf(error.code);
  const body = JSON.stringify(golem.toJSON());
  return [
    `HTTP/1.1 ${golem.status} ${reasons[golem.status] ?? "Bad Request"}`,
    "Content-Type: application/json; charset=utf-8",
    `Content-Length: ${new TextEncoder().encode(body).length}`,
    "Connection: close",
    "",
    isHead(error.rawPacket) ? "" : body,
  ].join("\r\n");
}

const reasons: Record<number, string> = {
  400: "Bad Request",
  408: "Request Timeout",
  431: "Request Header Fields Too Large",
};

/** True when the bytes start a HEAD request: its answer has headers only. */
function isHead(raw: unknown): boolean {
  return raw instanceof Uint8Array && new TextDecoder().decode(raw.subarray(0, 5)) === "HEAD ";
}

function clientErrorOf(code: string | undefined): GolemError {
  if (code === "ERR_HTTP_REQUEST_TIMEOUT") {
    return new GolemError("REQUEST_TIMEOUT", "the request did not arrive in time");
  }
  if (code === "HPE_HEADER_OVERFLOW") {
    return new GolemError("VALIDATION_FAILED", "the request headers are too large", {
      status: 431,
      hints: ["send fewer or shorter headers"],
      details: { reason: code },
    });
  }
  return new GolemError("VALIDATION_FAILED", "the request is not valid HTTP/1.1", {
    hints: ["send a well-formed HTTP/1.1 request (RFC 9112)"],
    details: { reason: code ?? "unknown" },
  });
}
