import { execFile } from "node:child_process";
import { once } from "node:events";
import { connect, createServer, type Server } from "node:net";
import { promisify } from "node:util";
import { afterEach, describe, expect, test } from "vitest";
import {
  createServiceHarness,
  type ServiceHarness,
  vmRequest,
} from "../../test/support/service-harness.ts";

// A stopped VM keeps its public SSH port: another program on the host, or an outgoing
// connection that the kernel gives that port as its local one, must not take it, or the
// VM's next start fails with EADDRINUSE. The fake driver plays the VM (not the subject).

const alice = "0x1111111111111111111111111111111111111111";
let h: ServiceHarness;
const cleanups: Array<() => void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  await h?.close();
});

/**
 * Another process tries to take 127.0.0.1:`port`: first by listening on it, then as the local
 * port of an outgoing connection (to `to`). Prints what each attempt got.
 */
async function otherProcessTakes(
  port: number,
  to: number,
): Promise<{ listen: string; connect: string }> {
  const script = `
    const net = require("node:net");
    const [port, to] = process.argv.slice(1).map(Number);
    const attempt = (start) => new Promise((resolve) => {
      const s = start();
      s.once("error", (e) => resolve(e.code));
      s.once("listening", () => { s.close(); resolve("taken"); });
      s.once("connect", () => { s.destroy(); resolve("taken"); });
    });
    (async () => {
      const listen = await attempt(() => net.createServer().listen({ host: "127.0.0.1", port }));
      const connect = await attempt(() => net.connect({ host: "127.0.0.1", port: to, localAddress: "127.0.0.1", localPort: port }));
      console.log(JSON.stringify({ listen, connect }));
    })();
  `;
  const { stdout } = await promisify(execFile)(process.execPath, [
    "-e",
    script,
    String(port),
    String(to),
  ]);
  return JSON.parse(stdout);
}

/** A listening port for the outgoing attempt to connect to. */
async function peerPort(): Promise<number> {
  const peer: Server = createServer((s) => s.destroy()).listen(0, "127.0.0.1");
  await once(peer, "listening");
  cleanups.push(() => void peer.close());
  return (peer.address() as { port: number }).port;
}

async function bannerOn(port: number): Promise<string> {
  const socket = connect({ host: "127.0.0.1", port });
  const [chunk] = (await once(socket, "data")) as [Buffer];
  socket.destroy();
  return chunk.toString().trim();
}

describe("a stopped VM's public port (fake driver)", () => {
  test("another process cannot take a stopped VM's port, and the VM starts on it again", async () => {
    h = await createServiceHarness();
    const vm = await h.service.createVm(alice, vmRequest());
    await expect.poll(() => h.service.getVm(vm.id).status).toBe("running");
    await h.service.stopVm(vm.id, alice);

    expect(await otherProcessTakes(vm.sshPort, await peerPort())).toEqual({
      listen: "EADDRINUSE",
      connect: "EADDRINUSE",
    });
    // While stopped, the port answers nothing and forwards nowhere.
    const probe = connect({ host: "127.0.0.1", port: vm.sshPort });
    probe.on("data", () => expect.fail("a stopped VM's port sent data"));
    await once(probe, "close");

    expect((await h.service.startVm(vm.id, alice)).status).toBe("starting");
    await expect.poll(() => h.service.getVm(vm.id).status).toBe("running");
    expect(await bannerOn(vm.sshPort)).toBe("SSH-2.0-FakeDriver_1.0");
  });

  test("a VM found stopped by the health check or at node start keeps its port too", async () => {
    h = await createServiceHarness();
    const died = await h.service.createVm(alice, vmRequest("died"));
    const kept = await h.service.createVm(alice, vmRequest("kept"));
    await expect.poll(() => h.service.getVm(died.id).status).toBe("running");
    await expect.poll(() => h.service.getVm(kept.id).status).toBe("running");
    await h.driver.powerOff(died.id);
    expect((await h.service.checkHealth()).stopped).toEqual([died.id]);
    expect(await otherProcessTakes(died.sshPort, await peerPort())).toEqual({
      listen: "EADDRINUSE",
      connect: "EADDRINUSE",
    });

    await h.service.stopVm(kept.id, alice);
    await h.crash();
    const restarted = h.restart();
    expect((await restarted.service.recover()).stopped.sort()).toEqual([died.id, kept.id].sort());
    for (const vm of [died, kept]) {
      expect((await otherProcessTakes(vm.sshPort, await peerPort())).listen).toBe("EADDRINUSE");
    }
    await restarted.service.startVm(kept.id, alice);
    await expect.poll(() => restarted.service.getVm(kept.id).status).toBe("running");
  });
});
