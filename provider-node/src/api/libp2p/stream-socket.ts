import { Duplex } from "node:stream";
import type { Connection, Stream } from "@libp2p/interface";

/**
 * A Node socket over one libp2p stream, for the API's HTTP server: what the stream receives is
 * read, what the server writes is sent. Unlike `@libp2p/http-utils`' `Libp2pSocket`, it pauses
 * the stream while the socket's read buffer is full, so a peer that keeps sending while the HTTP
 * parser waits fills the stream's bounded buffer (and is reset), never the node's memory.
 * `remoteAddress` is the connection's remote IP (the key of the API's per-IP limits), or the
 * peer id on a relayed connection; {@link StreamSocket.remotePeer} is the peer the connection's
 * encryption authenticated.
 */
export class StreamSocket extends Duplex {
  readonly remotePeer: string;
  readonly remoteAddress: string;
  readonly remoteFamily: string | undefined;
  readonly remotePort: number | undefined;
  readonly connecting = false;
  readonly pending = false;
  bytesRead = 0;
  bytesWritten = 0;
  timeout = 0;
  #stream: Stream;
  #idleTimer: NodeJS.Timeout | undefined;

  constructor(stream: Stream, connection: Connection) {
    super({ allowHalfOpen: true });
    this.#stream = stream;
    this.remotePeer = connection.remotePeer.toString();
    const origin = remoteOriginOf(connection);
    this.remoteAddress = origin?.address ?? `p2p:${this.remotePeer}`;
    this.remoteFamily = origin?.family;
    this.remotePort = origin?.port;
    stream.pause();
    stream.addEventListener("message", (event) => {
      const bytes = event.data.subarray();
      this.bytesRead += bytes.byteLength;
      this.#touch();
      if (!this.push(bytes)) stream.pause();
    });
    stream.addEventListener("remoteCloseWrite", () => this.push(null));
    stream.addEventListener("close", (event) => {
      if (event.error) this.destroy(event.error);
      else {
        this.push(null);
        this.destroy();
      }
    });
  }

  override _read(): void {
    this.#stream.resume();
  }

  override _write(chunk: Buffer, _encoding: string, done: (error?: Error | null) => void): void {
    this.bytesWritten += chunk.byteLength;
    this.#touch();
    if (this.#stream.send(chunk)) done();
    else this.#stream.onDrain().then(() => done(), done);
  }

  override _final(done: (error?: Error | null) => void): void {
    this.#stream.close().then(
      () => done(),
      (error: Error) => {
        this.#stream.abort(error);
        done(error);
      },
    );
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    clearTimeout(this.#idleTimer);
    if (this.#stream.status === "open") {
      if (error) this.#stream.abort(error);
      else this.#stream.close().catch((cause: Error) => this.#stream.abort(cause));
    }
    done(error);
  }

  /** Node's HTTP server sets its keep-alive timeout here: `timeout` once idle that long. */
  setTimeout(ms: number, onTimeout?: () => void): this {
    if (onTimeout) this.once("timeout", onTimeout);
    this.timeout = ms;
    this.#touch();
    return this;
  }

  #touch(): void {
    clearTimeout(this.#idleTimer);
    if (this.timeout > 0 && !this.destroyed) {
      this.#idleTimer = setTimeout(() => this.emit("timeout"), this.timeout).unref();
    }
  }

  setNoDelay(): this {
    return this;
  }

  setKeepAlive(): this {
    return this;
  }

  ref(): this {
    return this;
  }

  unref(): this {
    return this;
  }

  address(): Record<string, never> {
    return {};
  }

  destroySoon(): void {
    this.end();
  }
}

type Origin = { address: string; family: string; port: number | undefined };

/** The remote IP of a direct connection; undefined for a relayed one (its address is the relay's). */
function remoteOriginOf(connection: Connection): Origin | undefined {
  const components = connection.remoteAddr.getComponents();
  if (components.some((c) => c.name === "p2p-circuit")) return undefined;
  const ip = components.find((c) => c.name === "ip4" || c.name === "ip6");
  if (ip?.value === undefined) return undefined;
  const port = components.find((c) => c.name === "tcp" || c.name === "udp")?.value;
  return {
    address: ip.value,
    family: ip.name === "ip4" ? "IPv4" : "IPv6",
    port: port === undefined ? undefined : Number(port),
  };
}
