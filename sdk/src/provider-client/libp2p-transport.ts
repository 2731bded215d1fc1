import { fetch as fetchOverStream } from "@libp2p/http-fetch";
import type { Libp2p, Stream, StreamCloseEvent } from "@libp2p/interface";
import { type Multiaddr, multiaddr } from "@multiformats/multiaddr";
import { GolemError } from "../errors/golem-error.ts";
import type { ProviderTransport } from "./provider-transport.ts";

/** The libp2p protocol of HTTP/1.1 over a stream, as `@libp2p/http` and the provider speak it. */
export const HTTP_OVER_LIBP2P_PROTOCOL = "/http/1.1";

/** Parameters of {@link createLibp2pTransport}. */
export type CreateLibp2pTransportParameters = {
  /** A started libp2p node with a transport that reaches the provider (TCP, WebSockets, WebRTC-direct). */
  libp2p: Pick<Libp2p, "dial">;
  /** The provider API's multiaddrs, each ending in `/p2p/<peerId>` (from its signed advert). */
  multiaddrs: ReadonlyArray<string | Multiaddr>;
};

/**
 * A transport that sends every provider API request as HTTP/1.1 on a new libp2p stream to the
 * provider (`@libp2p/http-fetch`), on a connection dialled to `multiaddrs`. Their `/p2p/` peer id is
 * what the connection's handshake must prove, so the answer comes from that peer or not at all.
 * Browser-safe. Fails with `PROVIDER_UNREACHABLE` (through the client) when no address answers.
 *
 * @example
 * const transport = createLibp2pTransport({ libp2p, multiaddrs: advert.apiMultiaddrs });
 * const provider = createProviderClient({ baseUrl: advert.apiUrl, signer, transport });
 */
export function createLibp2pTransport(params: CreateLibp2pTransportParameters): ProviderTransport {
  const addresses = params.multiaddrs.map((a) => (typeof a === "string" ? multiaddr(a) : a));
  const peerIds = new Set(addresses.map(peerIdOf));
  if (addresses.length === 0 || peerIds.has(undefined) || peerIds.size !== 1) {
    throw new TypeError(
      "createLibp2pTransport: give one or more multiaddrs, all ending in /p2p/ of the same peer",
    );
  }
  let remotePeer: string | undefined;
  const send = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const signal = init.signal ?? undefined;
    const connection = await params.libp2p.dial(addresses, { signal });
    remotePeer = connection.remotePeer.toString();
    if (!peerIds.has(remotePeer)) {
      // libp2p checks this in the handshake; a transport that did not must still be refused.
      throw new GolemError("PROVIDER_UNREACHABLE", `${url.host} answered as peer ${remotePeer}`, {
        details: { expected: [...peerIds].join(","), got: remotePeer },
      });
    }
    // The request is the first byte either way: send the protocol with it, not a round trip before.
    const stream = await connection.newStream(HTTP_OVER_LIBP2P_PROTOCOL, {
      signal,
      negotiateFully: false,
    });
    const onAbort = () => stream.abort(new Error("the request was aborted"));
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      const headers = new Headers(init.headers);
      // http-fetch writes the host name without its port; the provider reads the port too.
      headers.set("host", url.host);
      const response = await untilAbortOrClose(
        fetchOverStream(stream, requestTargetOf(url), {
          method: init.method ?? "GET",
          headers,
          body: bodyOf(init.body, headers),
          signal,
        }),
        stream,
        signal,
      );
      return withAbortOnCancel(response, stream);
    } catch (error) {
      stream.abort(error instanceof Error ? error : new Error(String(error)));
      throw error;
    } finally {
      signal?.removeEventListener("abort", onAbort);
    }
  };
  return { kind: "libp2p", fetch: send as typeof fetch, remotePeerId: () => remotePeer };
}

function peerIdOf(address: Multiaddr): string | undefined {
  return address.getComponents().findLast((c) => c.name === "p2p")?.value;
}

/**
 * `url` whose `pathname` carries its query: http-fetch writes the request target from `pathname`
 * alone, and the provider API reads query parameters (`/console?bytes=`).
 */
function requestTargetOf(url: URL): URL {
  const target = new URL(url.href);
  Object.defineProperty(target, "pathname", { value: `${url.pathname}${url.search}` });
  return target;
}

/**
 * The request body as a Blob of the request's content type: http-fetch labels a string body
 * text/plain with its UTF-16 length, and sends a Blob as it is, with its byte size.
 */
function bodyOf(body: RequestInit["body"], headers: Headers): Blob | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body !== "string") {
    throw new TypeError("the libp2p transport sends string bodies only (the provider API's JSON)");
  }
  return new Blob([body], { type: headers.get("content-type") ?? "application/octet-stream" });
}

/**
 * `answer`, or a rejection once `signal` aborts or the stream is reset first: http-fetch waits for
 * the answer's head without watching either, so a provider that never answers would hold the
 * caller forever.
 */
function untilAbortOrClose<T>(
  answer: Promise<T>,
  stream: Stream,
  signal: AbortSignal | undefined,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal?.reason ?? new Error("the request was aborted"));
    // A graceful close before the head is http-fetch's to refuse; a reset is not watched by it.
    const onClose = (event: StreamCloseEvent) => {
      if (event.error) reject(event.error);
    };
    if (signal?.aborted) return onAbort();
    signal?.addEventListener("abort", onAbort, { once: true });
    stream.addEventListener("close", onClose, { once: true });
    answer.then(resolve, reject).finally(() => {
      signal?.removeEventListener("abort", onAbort);
      stream.removeEventListener("close", onClose);
    });
  });
}

/** The response, whose body's cancel (a reader that stopped early) resets the stream. */
function withAbortOnCancel(response: Response, stream: Stream): Response {
  const source = response.body;
  if (source === null) return response;
  const reader = source.getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel(reason) {
      stream.abort(new Error("the client stopped reading the answer"));
      return reader.cancel(reason);
    },
  });
  return new Response(body, { status: response.status, headers: response.headers });
}
