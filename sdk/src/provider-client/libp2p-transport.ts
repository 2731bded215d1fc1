import { fetch as fetchOverStream } from "@libp2p/http-fetch";
import type { Libp2p, Stream, StreamCloseEvent } from "@libp2p/interface";
import { type Multiaddr, multiaddr } from "@multiformats/multiaddr";
import { peerIdOfMultiaddr } from "../advert/peer-id-of-multiaddr.ts";
import { GolemError } from "../errors/golem-error.ts";
import { HTTP_OVER_LIBP2P_PROTOCOL } from "./choose-provider-transport.ts";
import type { ProviderTransport } from "./provider-transport.ts";

export { HTTP_OVER_LIBP2P_PROTOCOL };

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
  const peerIds = new Set(addresses.map((a) => peerIdOfMultiaddr(a)));
  if (addresses.length === 0 || peerIds.has(undefined) || peerIds.size !== 1) {
    throw new TypeError(
      "createLibp2pTransport: give one or more multiaddrs, all ending in /p2p/ of the same peer",
    );
  }
  const expected = [...peerIds][0] as string;
  /**
   * The peer that answers at the addresses when the handshake for `expected` failed: dialled once
   * more without the peer id, closed at once, so the refusal says who is there.
   */
  const whoAnswers = async (signal: AbortSignal | undefined) => {
    try {
      const bare = addresses.map((a) => a.decapsulate(`/p2p/${expected}`));
      const connection = await params.libp2p.dial(bare, { signal });
      await connection.close().catch(() => undefined);
      return connection.remotePeer.toString();
    } catch {
      return undefined;
    }
  };
  let remotePeer: string | undefined;
  const send = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const signal = init.signal ?? undefined;
    let connection: Awaited<ReturnType<typeof params.libp2p.dial>>;
    try {
      connection = await params.libp2p.dial(addresses, { signal });
    } catch (error) {
      const other = isHandshakeFailure(error) ? await whoAnswers(signal) : undefined;
      if (other !== undefined && other !== expected) {
        throw identityMismatch(url, expected, other, error);
      }
      throw error;
    }
    remotePeer = connection.remotePeer.toString();
    if (remotePeer !== expected) {
      // libp2p checks this in the handshake; a transport that did not must still be refused.
      throw identityMismatch(url, expected, remotePeer);
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
  return {
    kind: "libp2p",
    fetch: send as typeof fetch,
    peerId: expected,
    remotePeerId: () => remotePeer,
  };
}

function identityMismatch(url: URL, expected: string, got: string | undefined, cause?: unknown) {
  const who = got === undefined ? "another peer" : `peer ${got}`;
  return new GolemError(
    "PROVIDER_IDENTITY_MISMATCH",
    `the node at ${url.host}'s libp2p addresses answered as ${who}, not ${expected} of its signed advert`,
    { details: { expected, ...(got === undefined ? {} : { got }) }, cause },
  );
}

/** Whether a dial failed in the encryption handshake (e.g. another peer than the address names). */
function isHandshakeFailure(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 4) return false;
  if (error.name === "UnexpectedPeerError" || error.name === "EncryptionFailedError") return true;
  const inner = error instanceof AggregateError ? error.errors : [];
  return [...inner, error.cause].some((e) => isHandshakeFailure(e, depth + 1));
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
