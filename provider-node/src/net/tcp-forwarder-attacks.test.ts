import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { readdirSync } from "node:fs";
import { connect, createServer, type Server, type Socket } from "node:net";
import { createInterface } from "node:readline";
import { afterEach, describe, expect, test } from "vitest";
import { type StartTcpForwarderOptions, startTcpForwarder } from "./tcp-forwarder.ts";

// Attacks on the public SSH forward with real sockets on 127.0.0.0/8: the forwarder and the
// "guest" (a TCP server standing in for sshd) run in this process, so /proc/self/fd counts
// exactly what the node would hold; the attacker runs in its own process.

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const withTimeout = <T>(promise: Promise<T>, ms: number, message: string) =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(message)), ms).unref()),
  ]);

const openFds = () => readdirSync("/proc/self/fd").length;

/** A guest on an ephemeral port that keeps every accepted socket for the test to act on. */
async function guest(onConnection: (socket: Socket) => void = () => {}) {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    socket.write("SSH-2.0-Guest\r\n");
    onConnection(socket);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  cleanups.push(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((r) => server.close(() => r()));
  });
  return { sockets, port: (server.address() as { port: number }).port };
}

async function forward(port: number, options: Partial<StartTcpForwarderOptions> = {}) {
  const forwarder = await startTcpForwarder({
    listenHost: "127.0.0.1",
    listenPort: 0,
    target: { host: "127.0.0.1", port: port },
    ...options,
  });
  cleanups.push(() => forwarder.close());
  return forwarder;
}

/** Connects from `localAddress` and resolves with what happened first: the guest's banner or a close. */
function dialFrom(port: number, localAddress = "127.0.0.1") {
  const socket = connect({ host: "127.0.0.1", port, localAddress, allowHalfOpen: true });
  socket.on("error", () => {});
  cleanups.push(() => void socket.destroy());
  const outcome = new Promise<"banner" | "closed">((resolve) => {
    socket.once("data", () => resolve("banner"));
    socket.once("end", () => resolve("closed"));
    socket.once("close", () => resolve("closed"));
  });
  return { socket, outcome };
}

/**
 * An attacker in its own process: on `attack()`, opens `count` connections that never send,
 * never end and never close (allowHalfOpen), and resolves once all are connected. It stays
 * until the test ends.
 */
function halfOpenAttacker(port: number, count: number) {
  const script = `
    const net = require("node:net");
    const [port, count] = process.argv.slice(1).map(Number);
    process.stdin.once("data", () => {
      let open = 0;
      for (let i = 0; i < count; i++) {
        const s = net.connect({ host: "127.0.0.1", port, allowHalfOpen: true });
        s.on("error", () => {});
        s.on("connect", () => { if (++open === count) console.log("connected"); });
      }
    });
    setInterval(() => {}, 1 << 30);
  `;
  const child: ChildProcess = spawn(process.execPath, ["-e", script, String(port), String(count)], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  cleanups.push(() => {
    child.kill("SIGKILL");
  });
  return {
    async attack(): Promise<void> {
      const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
      child.stdin?.write("go\n");
      for await (const line of lines) if (line === "connected") return;
    },
  };
}

describe("attacks on the public SSH forward", () => {
  test("attacker's half-open connections after the guest closed them: all closed, fds back to baseline", async () => {
    const target = await guest();
    // Caps high enough to let the whole attack in: what is under test is that nothing stays open.
    const forwarder = await forward(target.port, {
      lingerMs: 300,
      maxConnections: 1000,
      maxConnectionsPerIp: 1000,
    });
    const count = 150;
    const attacker = halfOpenAttacker(forwarder.port, count);
    const baseline = openFds();
    await attacker.attack();
    await expect.poll(() => target.sockets.size).toBe(count);
    // The node holds the client side and the guest side of each, and the guest its own side.
    expect(openFds()).toBeGreaterThanOrEqual(baseline + 3 * count);

    // The guest gives up on each (sshd's LoginGraceTime); the attacker never ends its side.
    for (const socket of target.sockets) socket.end();
    await expect.poll(() => forwarder.connections(), { timeout: 5000 }).toBe(0);
    await expect.poll(openFds, { timeout: 5000 }).toBeLessThanOrEqual(baseline);
    expect(target.sockets.size).toBe(0);
  });

  test("idle connections are closed after the idle timeout; a busy one stays open", async () => {
    const target = await guest((socket) => socket.pipe(socket));
    const forwarder = await forward(target.port, { idleTimeoutMs: 400 });

    const idle = dialFrom(forwarder.port);
    const busy = dialFrom(forwarder.port);
    expect(await idle.outcome).toBe("banner");
    expect(await busy.outcome).toBe("banner");
    // The node closes its side; the client (half-open allowed) sees the end.
    const idleClosed = once(idle.socket, "end");
    const started = performance.now();
    const ticker = setInterval(() => busy.socket.write("."), 100);
    cleanups.push(() => clearInterval(ticker));
    await withTimeout(idleClosed, 5000, "the idle connection was never closed");
    expect(performance.now() - started).toBeGreaterThanOrEqual(350);

    // Twice the idle timeout later, the connection with traffic still relays.
    await new Promise((r) => setTimeout(r, 800));
    expect(busy.socket.destroyed).toBe(false);
    clearInterval(ticker);
    await expect.poll(() => forwarder.connections(), { timeout: 3000 }).toBe(0);
    await expect.poll(() => target.sockets.size).toBe(0);
  });

  test("one address past the per-IP cap is refused at once, while another address still connects", async () => {
    const target = await guest();
    const forwarder = await forward(target.port, { maxConnectionsPerIp: 3, maxConnections: 5 });

    const first = [1, 2, 3].map(() => dialFrom(forwarder.port, "127.0.0.1"));
    for (const { outcome } of first) expect(await outcome).toBe("banner");
    const extra = dialFrom(forwarder.port, "127.0.0.1");
    expect(await extra.outcome).toBe("closed");
    const other = dialFrom(forwarder.port, "127.0.0.2");
    expect(await other.outcome).toBe("banner");
    // The refused connection never reached the guest.
    expect(target.sockets.size).toBe(4);
    expect(forwarder.connections()).toBe(4);

    // The total cap: one more from a third address fits, the next does not.
    expect(await dialFrom(forwarder.port, "127.0.0.3").outcome).toBe("banner");
    expect(await dialFrom(forwarder.port, "127.0.0.4").outcome).toBe("closed");
    expect(target.sockets.size).toBe(5);

    // A slot frees when its connection ends.
    first[0]?.socket.destroy();
    await expect.poll(() => forwarder.connections()).toBe(4);
    expect(await dialFrom(forwarder.port, "127.0.0.1").outcome).toBe("banner");
  });
});
