import { createHash, randomBytes } from "node:crypto";
import { once } from "node:events";
import { connect, createServer, type Server, type Socket } from "node:net";
import { afterEach, describe, expect, test } from "vitest";
import {
  type StartTcpForwarderOptions,
  startTcpForwarder,
  type TcpForwarder,
} from "./tcp-forwarder.ts";

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A target server on an ephemeral 127.0.0.1 port. */
async function target(onConnection: (socket: Socket) => void): Promise<Server> {
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    // Tests end connections abruptly; a reset on the target side is expected then.
    socket.on("error", () => {});
    onConnection(socket);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
  return server;
}

const portOf = (server: Server) => (server.address() as { port: number }).port;

async function forward(
  server: Server,
  listenHost = "127.0.0.1",
  options: Partial<StartTcpForwarderOptions> = {},
): Promise<TcpForwarder> {
  const forwarder = await startTcpForwarder({
    listenHost,
    listenPort: 0,
    target: { host: "127.0.0.1", port: portOf(server) },
    // Every test dials from 127.0.0.1; the caps have tests of their own.
    maxConnectionsPerIp: 100,
    ...options,
  });
  cleanups.push(() => forwarder.close());
  return forwarder;
}

function dial(port: number): Promise<Socket> {
  const socket = connect({ host: "127.0.0.1", port, allowHalfOpen: true });
  socket.on("error", () => {});
  cleanups.push(() => void socket.destroy());
  return once(socket, "connect").then(() => socket);
}

async function readAll(socket: Socket): Promise<Buffer> {
  const chunks: Buffer[] = [];
  socket.on("data", (c: Buffer) => chunks.push(c));
  await once(socket, "end");
  return Buffer.concat(chunks);
}

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

describe("startTcpForwarder", () => {
  test("passes a half-close through: the client ends, the reply still arrives (after the linger)", async () => {
    // Like `ssh host cat`: the server answers only after the client's end of input, here
    // later than the linger a client gets once the server has ended (that one is not this).
    const server = await target((socket) => {
      const chunks: Buffer[] = [];
      socket.on("data", (c: Buffer) => chunks.push(c));
      socket.on("end", () =>
        setTimeout(() => socket.end(`got ${Buffer.concat(chunks).length} bytes`), 400),
      );
    });
    const forwarder = await forward(server, "127.0.0.1", { lingerMs: 100 });
    const client = await dial(forwarder.port);
    const reply = readAll(client);
    client.end(Buffer.alloc(12_345, 7));
    expect((await reply).toString()).toBe("got 12345 bytes");
  });

  test("the target ends first: the client gets every byte and the end, then both sides close", async () => {
    const payload = randomBytes(8 * 1024 * 1024);
    const server = await target((socket) => socket.end(payload));
    const forwarder = await forward(server, "127.0.0.1", { lingerMs: 300 });
    const client = await dial(forwarder.port);
    const received = await readAll(client);
    expect(sha256(received)).toBe(sha256(payload));
    // The client never ends its side; after the linger the node lets go of both.
    await expect.poll(() => forwarder.connections(), { timeout: 3000 }).toBe(0);
  });

  test("keeps a large transfer intact both ways", async () => {
    const payload = randomBytes(64 * 1024 * 1024);
    const server = await target((socket) => socket.pipe(socket));
    const forwarder = await forward(server);
    const client = await dial(forwarder.port);
    const echoed = readAll(client);
    client.end(payload);
    const received = await echoed;
    expect(received.length).toBe(payload.length);
    expect(sha256(received)).toBe(sha256(payload));
  });

  test("serves 50 concurrent connections, each with its own data", async () => {
    const server = await target((socket) => socket.pipe(socket));
    const forwarder = await forward(server);
    const payloads = Array.from({ length: 50 }, () => randomBytes(256 * 1024));
    const clients = await Promise.all(payloads.map(() => dial(forwarder.port)));
    await expect.poll(() => forwarder.connections()).toBe(50);
    const results = await Promise.all(
      clients.map((client, i) => {
        const done = readAll(client);
        client.end(payloads[i] as Buffer);
        return done;
      }),
    );
    for (const [i, result] of results.entries()) {
      expect(sha256(result)).toBe(sha256(payloads[i] as Buffer));
    }
    await expect.poll(() => forwarder.connections()).toBe(0);
  });

  test("applies backpressure: a client that does not read stalls the target's writes", async () => {
    const size = 128 * 1024 * 1024;
    let serverSide: Socket | undefined;
    const server = await target((socket) => {
      serverSide = socket;
      socket.write(Buffer.alloc(size));
    });
    const forwarder = await forward(server);
    const client = await dial(forwarder.port);
    client.pause();
    await new Promise((r) => setTimeout(r, 500));
    // Without backpressure the forwarder would read all 128 MiB into memory; with it,
    // only what fits in the socket buffers between target and client has left the target.
    const left = (serverSide as Socket).writableLength;
    expect(size - left).toBeLessThan(32 * 1024 * 1024);
    expect(left).toBeGreaterThan(0);
  });

  test("binds only the configured address", async () => {
    const server = await target((socket) => socket.end());
    const forwarder = await forward(server, "127.0.0.1");
    const other = connect({ host: "127.0.0.2", port: forwarder.port });
    cleanups.push(() => void other.destroy());
    const [error] = (await once(other, "error")) as [NodeJS.ErrnoException];
    expect(error.code).toBe("ECONNREFUSED");
  });

  test("closes the client when the target refuses, and close() frees the port", async () => {
    const server = await target(() => {});
    const port = portOf(server);
    await new Promise<void>((r) => server.close(() => r()));
    const errors: Error[] = [];
    const forwarder = await startTcpForwarder({
      listenHost: "127.0.0.1",
      listenPort: 0,
      target: { host: "127.0.0.1", port: port },
      onError: (e) => errors.push(e),
    });
    const client = await dial(forwarder.port);
    await once(client, "end");
    expect(errors[0]?.message).toMatch(/ECONNREFUSED/);

    const live = await target((socket) => socket.pipe(socket));
    const second = await startTcpForwarder({
      listenHost: "127.0.0.1",
      listenPort: forwarder.port,
      target: { host: "127.0.0.1", port: portOf(live) },
    }).catch((e: Error) => e);
    expect(second).toBeInstanceOf(Error);
    await forwarder.close();
    const open = await dial(forwarder.port).catch((e: NodeJS.ErrnoException) => e.code);
    expect(open).toBe("ECONNREFUSED");
  });

  test("close() ends live connections", async () => {
    const server = await target((socket) => socket.pipe(socket));
    const forwarder = await forward(server);
    const client = await dial(forwarder.port);
    await expect.poll(() => forwarder.connections()).toBe(1);
    const ended = once(client, "end");
    await forwarder.close();
    await ended;
    expect(forwarder.connections()).toBe(0);
  });
});
