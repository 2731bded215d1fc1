import { once } from "node:events";
import { connect } from "node:net";
import { afterEach, describe, expect, test } from "vitest";
import { type ApiHarness, createApiHarness, testHost } from "../../test/support/api-harness.ts";
import { randomAccount } from "../../test/support/siwe.ts";
import { VmError } from "../vm/vm-error.ts";

// GET /api/v1/vms/{id}/stats over the fake driver, whose "guest" counts the bytes clients
// send it as disk writes (real QEMU numbers are checked in the driver conformance suite).
let h: ApiHarness;
afterEach(async () => {
  await h?.close();
});

const body = {
  name: "web",
  cpu: 1,
  memoryGiB: 0.5,
  storageGiB: 2,
  sshPublicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKey test@host",
};

const get = (url: string, authorization?: string) =>
  h.app.inject({
    method: "GET",
    url,
    headers: { host: testHost, ...(authorization ? { authorization } : {}) },
  });

/** Sends `bytes` through the VM's public SSH port and waits until the guest echoed them. */
async function sendThroughForward(port: number, bytes: number) {
  const socket = connect({ host: "127.0.0.1", port });
  await once(socket, "connect");
  let echoed = -"SSH-2.0-FakeDriver_1.0\r\n".length;
  const done = new Promise<void>((resolve) => {
    socket.on("data", (chunk: Buffer) => {
      echoed += chunk.length;
      if (echoed >= bytes) resolve();
    });
  });
  socket.write(Buffer.alloc(bytes, 7));
  await done;
  socket.destroy();
}

describe("GET /api/v1/vms/{id}/stats (fake driver)", () => {
  test("the owner sees cpu, memory and disk usage; traffic into the guest shows as disk writes", async () => {
    h = await createApiHarness();
    const alice = await h.signIn(randomAccount());
    const bob = await h.signIn(randomAccount());
    const created = await h.app.inject({
      method: "POST",
      url: "/api/v1/vms",
      headers: { host: testHost, authorization: alice.authorization },
      payload: body,
    });
    const vm = created.json();
    await expect.poll(() => h.service.getVm(vm.id).status).toBe("running");

    const url = `/api/v1/vms/${vm.id}/stats`;
    const first = await get(url, alice.authorization);
    expect(first.statusCode, first.body).toBe(200);
    const stats = first.json();
    expect(stats).toMatchObject({
      id: vm.id,
      cpu: { count: 1 },
      memory: { totalMiB: 512 },
      disk: { totalGiB: 2, readBytes: 0, writeBytes: 0 },
    });
    expect(Date.parse(stats.sampledAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(stats.cpu.usagePercent).toBeGreaterThanOrEqual(0);
    expect(stats.cpu.usagePercent).toBeLessThanOrEqual(100);
    expect(stats.memory.usedMiB).toBeGreaterThan(0);
    expect(stats.sampleWindowMs).toBeGreaterThan(0);

    await sendThroughForward(vm.sshPort, 100_000);
    const after = (await get(url, alice.authorization)).json();
    expect(after.disk.writeBytes).toBe(100_000);
    expect(after.disk.usedBytes).toBe(stats.disk.usedBytes + 100_000);

    // Someone else's VM looks missing; no session is refused before anything is read.
    expect((await get(url, bob.authorization)).json().error.code).toBe("VM_NOT_FOUND");
    expect((await get(url)).statusCode).toBe(401);
    expect(h.driver.calls.filter((c) => c.method === "stats")).toHaveLength(2);
  });

  test("a stopped VM, or one whose guest died, answers 409 VM_NOT_RUNNING; a driver failure names no host path", async () => {
    h = await createApiHarness();
    const alice = await h.signIn(randomAccount());
    const vm = (
      await h.app.inject({
        method: "POST",
        url: "/api/v1/vms",
        headers: { host: testHost, authorization: alice.authorization },
        payload: body,
      })
    ).json();
    await expect.poll(() => h.service.getVm(vm.id).status).toBe("running");
    const url = `/api/v1/vms/${vm.id}/stats`;

    h.driver.failNext(
      "stats",
      new VmError("DRIVER_COMMAND_FAILED", "cannot read /var/lib/golem/vms/x/qemu.pid", {
        details: { stderr: "private" },
      }),
    );
    const failed = await get(url, alice.authorization);
    expect(failed.statusCode).toBe(500);
    expect(failed.json().error).toMatchObject({
      code: "DRIVER_FAILED",
      message: `could not read the usage of VM ${vm.id}: cannot read <path>`,
    });
    expect(failed.body).not.toMatch(/var\/lib|private/);

    await h.driver.powerOff(vm.id);
    const died = await get(url, alice.authorization);
    expect([died.statusCode, died.json().error.code]).toEqual([409, "VM_NOT_RUNNING"]);

    await h.service.checkHealth();
    const stopped = await get(url, alice.authorization);
    expect([stopped.statusCode, stopped.json().error.code]).toEqual([409, "VM_NOT_RUNNING"]);
    expect(stopped.json().error.message).toBe(
      `VM ${vm.id} is stopped; only a running VM has usage`,
    );
  });
});
