import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { freePortRange } from "../../../scripts/lib/free-port.ts";
import { createFakeProcessDriver, killFakeGuests } from "../../test/support/fake-process-driver.ts";
import {
  createServiceHarness,
  type ServiceHarness,
  testHost,
  testPolicy,
  vmRequest,
} from "../../test/support/service-harness.ts";
import { isPortBindable } from "../net/port-pool.ts";
import { openDatabase } from "../state/open-database.ts";
import { createVmService } from "./vm-service.ts";

const alice = "0x1111111111111111111111111111111111111111";

let h: ServiceHarness;
afterEach(async () => {
  await h?.close();
});

/** The first line a client reads on a public SSH port. */
async function bannerOn(port: number): Promise<string> {
  const socket = connect({ host: "127.0.0.1", port });
  const [chunk] = (await once(socket, "data")) as [Buffer];
  socket.destroy();
  return chunk.toString().trim();
}

async function runningVm(name = "web") {
  const vm = await h.service.createVm(alice, vmRequest(name));
  await expect.poll(() => h.service.getVm(vm.id).status).toBe("running");
  return vm;
}

// The fake driver plays the hypervisor: powerOff() ends a guest behind the node's back, as
// a QEMU process that crashed or was killed would.
describe("VM health check (fake driver)", () => {
  test("a VM whose guest died is marked stopped with the reason; disk, ports and row kept; start works again", async () => {
    h = await createServiceHarness();
    const dead = await runningVm("dead");
    const alive = await runningVm("alive");
    await h.driver.powerOff(dead.id);

    const report = await h.service.checkHealth();
    expect(report).toEqual({ healthy: [alive.id], stopped: [dead.id], lost: [], problems: [] });
    expect(h.service.getVm(dead.id)).toMatchObject({
      status: "stopped",
      error: expect.stringMatching(/fake process ended unexpectedly while running; disk kept/),
    });
    // Forward stopped with its port still bound, driver VM (disk) kept: never destroyed.
    expect(h.service.forwards.vmIds()).toEqual([alive.id]);
    expect(h.service.forwards.holdsPort(dead.id)).toBe(true);
    expect(await isPortBindable("127.0.0.1", dead.sshPort)).toBe(false);
    expect(h.service.allocatedPorts()).toContain(dead.sshPort);
    expect(h.driver.states()).toEqual({ [dead.id]: "stopped", [alive.id]: "running" });
    expect(h.driver.calls.filter((c) => c.method === "destroy")).toEqual([]);

    // A second pass changes nothing; the owner starts it again on the same port.
    expect((await h.service.checkHealth()).stopped).toEqual([]);
    await h.service.startVm(dead.id, alice);
    await expect
      .poll(() => h.service.getVm(dead.id))
      .toMatchObject({ status: "running", error: null });
    expect(await bannerOn(dead.sshPort)).toBe("SSH-2.0-FakeDriver_1.0");
  });

  test("a driver error changes nothing; a VM the driver lost is marked failed, not deleted", async () => {
    h = await createServiceHarness();
    const vm = await runningVm();
    h.driver.failNext("inspect");
    expect(await h.service.checkHealth()).toEqual({
      healthy: [],
      stopped: [],
      lost: [],
      problems: [{ vmId: vm.id, problem: "driver inspect failed: fake inspect failed" }],
    });
    expect(h.service.getVm(vm.id)).toMatchObject({ status: "running", error: null });
    expect(h.service.forwards.vmIds()).toEqual([vm.id]);

    await h.driver.destroy(vm.id as never);
    expect((await h.service.checkHealth()).lost).toEqual([vm.id]);
    expect(h.service.getVm(vm.id)).toMatchObject({
      status: "failed",
      error: `the fake driver has no VM ${vm.id} any more`,
    });
    expect(h.service.allocatedPorts()).toContain(vm.sshPort);
  });

  test("stopped VMs are left alone, and the timer finds a dead guest on its own", async () => {
    h = await createServiceHarness({ healthIntervalMs: 100 });
    const stopped = await runningVm("stopped");
    await h.service.stopVm(stopped.id);
    const vm = await runningVm("web");
    await h.driver.powerOff(vm.id);
    await expect.poll(() => h.service.getVm(vm.id).status, { timeout: 5000 }).toBe("stopped");
    expect(h.service.getVm(stopped.id)).toMatchObject({ status: "stopped", error: null });
    expect(h.driver.states()).toEqual({ [stopped.id]: "stopped", [vm.id]: "stopped" });
  });
});

// The fake process driver's guests are real detached processes (like QEMU's): SIGKILL one.
describe("VM health check (fake process driver, a guest killed with SIGKILL)", () => {
  test("the node notices within an interval, marks it stopped and starts it again on request", async () => {
    const dir = await mkdtemp(join(tmpdir(), "vm-health-"));
    const driver = createFakeProcessDriver(join(dir, "guests"));
    const db = openDatabase(join(dir, "provider.db"));
    const publicStart = await freePortRange(3);
    const hostStart = await freePortRange(3, [publicStart]);
    const service = createVmService({
      db,
      driver,
      ssh: {
        bindHost: "127.0.0.1",
        publicRange: { start: publicStart, end: publicStart + 3 },
        hostRange: { start: hostStart, end: hostStart + 3 },
        bannerTimeoutMs: 10_000,
      },
      hostResources: async () => testHost,
      policy: testPolicy,
      healthIntervalMs: 200,
    });
    try {
      const vm = await service.createVm(alice, vmRequest());
      await expect.poll(() => service.getVm(vm.id).status).toBe("running");
      const status = await driver.inspect(vm.id as never);
      const pid = status.state === "running" ? (status.pid as number) : 0;
      expect(pid).toBeGreaterThan(0);

      process.kill(pid, "SIGKILL");
      await expect.poll(() => service.getVm(vm.id).status, { timeout: 5000 }).toBe("stopped");
      expect(service.getVm(vm.id).error).toMatch(/process ended unexpectedly/);
      expect((await driver.inspect(vm.id as never)).state).toBe("stopped");

      await service.startVm(vm.id, alice);
      await expect.poll(() => service.getVm(vm.id).status).toBe("running");
      expect(await bannerOn(vm.sshPort)).toBe("SSH-2.0-FakeGuest_1.0");
    } finally {
      await service.close();
      db.close();
      await killFakeGuests(join(dir, "guests"));
      await rm(dir, { recursive: true, force: true });
    }
  });
});
