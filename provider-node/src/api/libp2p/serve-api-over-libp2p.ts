import type { Libp2p } from "@libp2p/interface";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { StreamSocket } from "./stream-socket.ts";

/** The libp2p protocol of HTTP/1.1 over a stream, as `@libp2p/http` speaks it. */
export const HTTP_OVER_LIBP2P_PROTOCOL = "/http/1.1";

/** Parameters of {@link serveApiOverLibp2p}. */
export type ServeApiOverLibp2pParameters = {
  /** The node's libp2p host (started or not). */
  libp2p: Pick<Libp2p, "handle" | "unhandle">;
  /** The provider API, already listening over HTTP (its request timeouts run only then). */
  app: FastifyInstance;
  /** API streams one connection may have open at once. Default 8. */
  maxStreamsPerConnection?: number | undefined;
  /** API streams open at once over all peers; more are reset at once. Default 256. */
  maxStreams?: number | undefined;
};

/**
 * Serves the provider API over libp2p: every inbound stream of `/http/1.1` becomes a socket of
 * the API's own HTTP server, so the same parser, timeouts, routes, schemas, auth checks, rate
 * limits, body limit and error envelope answer it as over TCP. Returns the function that stops
 * serving (open streams finish on their own).
 *
 * @example
 * const stop = await serveApiOverLibp2p({ libp2p, app });
 */
export async function serveApiOverLibp2p(
  params: ServeApiOverLibp2pParameters,
): Promise<() => Promise<void>> {
  const { app } = params;
  if (!app.server.listening) {
    throw new TypeError(
      "serveApiOverLibp2p: the API must listen over HTTP first (loopback is enough): Node applies its request timeouts only on a listening server",
    );
  }
  const maxStreams = params.maxStreams ?? 256;
  let open = 0;
  await params.libp2p.handle(
    HTTP_OVER_LIBP2P_PROTOCOL,
    (stream, connection) => {
      if (open >= maxStreams) {
        stream.abort(new Error(`the provider serves at most ${maxStreams} API streams at once`));
        return;
      }
      open++;
      const socket = new StreamSocket(stream, connection);
      socket.once("close", () => open--);
      app.server.emit("connection", socket);
    },
    { maxInboundStreams: params.maxStreamsPerConnection ?? 8, runOnLimitedConnection: false },
  );
  return () => params.libp2p.unhandle(HTTP_OVER_LIBP2P_PROTOCOL);
}

/**
 * The libp2p peer a request came from, as the connection's encryption authenticated it;
 * undefined for a request over plain HTTP. Never read from a header.
 *
 * @example const peer = remotePeerOf(request); // "12D3KooW…" over libp2p
 */
export function remotePeerOf(request: FastifyRequest): string | undefined {
  const socket: unknown = request.raw.socket;
  return socket instanceof StreamSocket ? socket.remotePeer : undefined;
}
