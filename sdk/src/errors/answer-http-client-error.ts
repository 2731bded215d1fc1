import { type HttpClientError, httpClientErrorResponse } from "./http-client-error-response.ts";

/** An answer Node's server is writing on a connection (its `ServerResponse`), as far as it is read here. */
type InFlightAnswer = {
  readonly headersSent: boolean;
  /** The request it answers; `complete` once all of it was read. */
  readonly req?: { readonly complete?: boolean } | undefined;
  once(event: "close", listener: () => void): unknown;
};

/** The part of a server connection (`net.Socket`) the answer needs. */
export type HttpClientErrorSocket = {
  readonly destroyed: boolean;
  readonly writable: boolean;
  end(): unknown;
  end(data: string): unknown;
  /** The answer in flight on this connection: Node's own `clientError` default checks it too. */
  _httpMessage?: InFlightAnswer | null;
};

/**
 * Node's `clientError` (Fastify's `clientErrorHandler`): answers bytes the HTTP parser could
 * not read with {@link httpClientErrorResponse}, then closes the connection. One answer per
 * request, in order:
 * - bytes after a request whose answer is on its way wait for that answer, never overtake or
 *   replace it (the request ran: a DELETE answered 400 would hide a destroyed VM);
 * - bytes after a request that asked to close the connection are not a request (RFC 9112
 *   §9.6, `HPE_CLOSED_CONNECTION`): nothing answers them;
 * - a request whose own body is broken gets the error in place of its answer, unless that
 *   answer has begun (then the connection just closes after it).
 *
 * @example
 * Fastify({ clientErrorHandler: answerHttpClientError });
 * server.on("clientError", answerHttpClientError);
 */
export function answerHttpClientError(error: HttpClientError, socket: HttpClientErrorSocket): void {
  if (error.code === "ECONNRESET" || socket.destroyed || waiting.has(socket)) return;
  const inFlight = socket._httpMessage;
  if (inFlight && (inFlight.req?.complete !== false || inFlight.headersSent)) {
    const broken = inFlight.req?.complete === false;
    // Looked at again once it is out: the connection is closing, or free for this answer.
    // Node reports the parser's error again for every later chunk: one wait is enough.
    waiting.add(socket);
    inFlight.once("close", () => {
      waiting.delete(socket);
      if (broken) endQuietly(socket);
      else answerHttpClientError(error, socket);
    });
    return;
  }
  if (!socket.writable) return;
  if (error.code === "HPE_CLOSED_CONNECTION") socket.end();
  else socket.end(httpClientErrorResponse(error));
}

const waiting = new WeakSet<HttpClientErrorSocket>();

function endQuietly(socket: HttpClientErrorSocket) {
  if (!socket.destroyed && socket.writable) socket.end();
}
