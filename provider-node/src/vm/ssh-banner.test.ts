import { getEventListeners } from "node:events";
import { createServer, type Server, Socket } from "node:net";
import { queryObjects } from "node:v8";
import { afterEach, describe, expect, it } from "vitest";
import { waitForSshBanner } from "./ssh-banner.ts";
import { isVmError } from "./vm-error.ts";

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function listen(onConnection: (socket: Socket) => void): Promise<number> {
  const server = createServer(onConnection);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

describe("waitForSshBanner", () => {
  it("resolves with the identification line", async () => {
    const port = await listen((socket) => socket.end("SSH-2.0-OpenSSH_test\r\n"));
    const result = await waitForSshBanner("127.0.0.1", port, { timeoutMs: 5000 });
    expect(result.banner).toBe("SSH-2.0-OpenSSH_test");
    expect(result.attempts).toBe(1);
  });

  it("keeps trying while connections are accepted and closed (like QEMU's forward before sshd runs)", async () => {
    let connections = 0;
    const port = await listen((socket) => {
      connections++;
      if (connections < 3) socket.destroy();
      else socket.end("a greeting line first\r\nSSH-2.0-late\r\n");
    });
    const attempts: number[] = [];
    const result = await waitForSshBanner("127.0.0.1", port, {
      timeoutMs: 10_000,
      intervalMs: 50,
      onAttempt: (a) => attempts.push(a.attemptNumber),
    });
    expect(result.banner).toBe("SSH-2.0-late");
    expect(attempts).toEqual([1, 2]);
  });

  it("fails with VM_NOT_READY when nothing answers in time", async () => {
    const port = await listen((socket) => socket.end("HTTP/1.1 400 Bad Request\r\n\r\n"));
    const error = await waitForSshBanner("127.0.0.1", port, {
      timeoutMs: 600,
      intervalMs: 100,
    }).catch((e: unknown) => e);
    expect(isVmError(error, "VM_NOT_READY")).toBe(true);
  });

  it("stops when the signal aborts", async () => {
    const port = await listen(() => {});
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("cancelled")), 100);
    await expect(
      waitForSshBanner("127.0.0.1", port, { timeoutMs: 60_000, signal: controller.signal }),
    ).rejects.toThrow("cancelled");
  });
});

describe("waitForSshBanner on a signal that outlives it", () => {
  it("leaves no listener on the signal and no socket alive after many waits", async () => {
    const port = await listen((socket) => socket.end("SSH-2.0-OpenSSH_test\r\n"));
    // The daemon's shutdown signal lives for months; every wait is handed it.
    const daemonLifetime = new AbortController();
    const liveSockets = () => queryObjects(Socket, { format: "count" });
    await waitForSshBanner("127.0.0.1", port, { signal: daemonLifetime.signal });
    const before = liveSockets();
    for (let i = 0; i < 60; i++) {
      await waitForSshBanner("127.0.0.1", port, { signal: daemonLifetime.signal });
    }
    expect(getEventListeners(daemonLifetime.signal, "abort")).toHaveLength(0);
    // queryObjects collects garbage first: what is left is held by someone.
    expect(liveSockets() - before).toBeLessThan(5);
  });
});
