import { connect, createServer, type Socket } from "node:net";

/** Options of {@link startTcpForwarder}. */
export type StartTcpForwarderOptions = {
  /** Address to listen on (only this one), e.g. `0.0.0.0` or `127.0.0.1`. */
  listenHost: string;
  /** Port to listen on; 0 picks a free one (tests). */
  listenPort: number;
  /** Where each connection goes, e.g. `127.0.0.1`. */
  targetHost: string;
  targetPort: number;
  /** Give up connecting to the target after this many ms (default 10 000). */
  connectTimeoutMs?: number;
  /** Called with connection-level failures (target refused, reset), for logs. */
  onError?: (error: Error) => void;
};

/** A listening forwarder. */
export type TcpForwarder = {
  /** The port it listens on. */
  readonly port: number;
  readonly listenHost: string;
  /** Open client connections. */
  connections(): number;
  /** Stops listening and closes every open connection; resolves when the port is free. */
  close(): Promise<void>;
};

/**
 * Listens on `listenHost:listenPort` and relays every connection to `targetHost:targetPort`
 * in user space: half-close passes through (`allowHalfOpen`), reading from one side pauses
 * while the other side's write is queued (backpressure), Nagle is off both ways. Manual
 * writes measured faster than `pipe()` for SSH here (0.85–0.90 vs 0.69–0.77 of direct).
 *
 * @example
 * const forwarder = await startTcpForwarder({ listenHost: "0.0.0.0", listenPort: 50800, targetHost: "127.0.0.1", targetPort: 51800 });
 * await forwarder.close();
 */
export async function startTcpForwarder(options: StartTcpForwarderOptions): Promise<TcpForwarder> {
  // Every socket of every live connection (both sides), and the client sides alone.
  const open = new Set<Socket>();
  const clients = new Set<Socket>();
  const onError = options.onError ?? (() => {});
  const server = createServer({ allowHalfOpen: true, noDelay: true, pauseOnConnect: true });

  server.on("connection", (client) => {
    open.add(client);
    clients.add(client);
    const upstream = connect({
      host: options.targetHost,
      port: options.targetPort,
      allowHalfOpen: true,
      noDelay: true,
    });
    open.add(upstream);
    const closeBoth = (error?: Error) => {
      if (error) onError(error);
      client.destroy();
      upstream.destroy();
    };
    upstream.setTimeout(options.connectTimeoutMs ?? 10_000, () =>
      closeBoth(new Error(`connecting to ${options.targetHost}:${options.targetPort} timed out`)),
    );
    upstream.once("connect", () => {
      upstream.setTimeout(0);
      relay(client, upstream);
      relay(upstream, client);
      client.resume();
    });
    client.on("error", closeBoth);
    upstream.on("error", closeBoth);
    // A clean close (both directions ended) leaves the other side to flush what it has
    // queued and end on its own; a close after an error takes the other side with it.
    client.once("close", (hadError) => {
      open.delete(client);
      clients.delete(client);
      if (hadError) upstream.destroy();
    });
    upstream.once("close", (hadError) => {
      open.delete(upstream);
      if (hadError) client.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ host: options.listenHost, port: options.listenPort, exclusive: true }, () => {
      server.off("error", reject);
      resolve();
    });
  });
  server.on("error", onError);
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.listenPort;

  return {
    port,
    listenHost: options.listenHost,
    connections: () => clients.size,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of open) socket.destroy();
      }),
  };
}

/** Copies `from` → `to`, pausing `from` while `to` has a write queued; an end passes on. */
function relay(from: Socket, to: Socket): void {
  from.on("data", (chunk: Buffer) => {
    if (!to.write(chunk)) {
      from.pause();
      to.once("drain", () => from.resume());
    }
  });
  from.on("end", () => to.end());
}
