import { once } from "node:events";
import { connect } from "node:net";
import { golemRejection } from "@vm-on-golem/sdk/errors";
import { afterEach, describe, expect, test } from "vitest";
import { createFakeDriver } from "../../test/support/fake-driver.ts";
import {
  createServiceHarness,
  type ServiceHarness,
  vmRequest,
} from "../../test/support/service-harness.ts";
import { isPortBindable } from "../net/port-pool.ts";
import { VmError } from "../vm/vm-error.ts";

const alice = "0x1111111111111111111111111111111111111111";
const bob = "0x2222222222222222222222222222222222222222";

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

const statusOf = (id: string) => h.service.getVm(id).status;

describe("createVm (fake driver)", () => {
  test("reserves, creates, forwards and reports running only once SSH answers on the public port", async () => {
    h = await createServiceHarness();
    const vm = await h.service.createVm(alice, vmRequest());
    expect(vm).toMatchObject({
      status: "creating",
      name: "web",
      owner: alice,
      cpu: 1,
      memoryMib: 512,
    });
    expect(vm.sshPort).toBe(h.publicRange.start);
    expect(vm.hostPort).toBe(h.hostRange.start);
    await expect.poll(() => statusOf(vm.id)).toBe("running");
    expect(await bannerOn(vm.sshPort)).toBe("SSH-2.0-FakeDriver_1.0");
    expect(h.driver.states()).toEqual({ [vm.id]: "running" });
  });

  test("waits for a driver that reports the guest's address late (like Multipass)", async () => {
    h = await createServiceHarness({ driver: createFakeDriver({ addressAfterInspects: 2 }) });
    const vm = await h.service.createVm(alice, vmRequest());
    await expect.poll(() => statusOf(vm.id), { timeout: 10_000 }).toBe("running");
    expect(h.driver.calls.filter((c) => c.method === "inspect")).toHaveLength(2);
    expect(await bannerOn(vm.sshPort)).toBe("SSH-2.0-FakeDriver_1.0");
  });

  test("stays starting while SSH does not answer, then fails after the timeout", async () => {
    h = await createServiceHarness({ bannerTimeoutMs: 1500 });
    h.driver.setBanner(false);
    const vm = await h.service.createVm(alice, vmRequest());
    await expect.poll(() => statusOf(vm.id)).toBe("starting");
    await expect.poll(() => statusOf(vm.id), { timeout: 10_000 }).toBe("failed");
    expect(h.service.getVm(vm.id).error).toMatch(/SSH did not answer on port/);
    // The VM still exists in the driver: stopping or destroying it is the requestor's call.
    expect(h.driver.states()[vm.id]).toBe("running");
  });

  test("a driver failure undoes the create and leaves a failed row that holds nothing", async () => {
    h = await createServiceHarness();
    h.driver.failNext("create", new VmError("VM_START_FAILED", "QEMU could not start"));
    const vm = await h.service.createVm(alice, vmRequest());
    await expect.poll(() => statusOf(vm.id)).toBe("failed");
    expect(h.service.getVm(vm.id).error).toBe("create failed: QEMU could not start");
    expect(h.driver.states()).toEqual({});
    expect(h.service.portUsage().inUse).toBe(0);
    expect(await isPortBindable("127.0.0.1", vm.sshPort)).toBe(true);
    const start = await golemRejection(h.service.startVm(vm.id));
    expect(start.code).toBe("VM_INVALID_STATE");
    await h.service.destroyVm(vm.id);
    expect(h.service.listVms()).toEqual([]);
  });

  test("refuses bad names, a name the owner already uses, and VMs that do not fit", async () => {
    h = await createServiceHarness({ policy: { maxVms: 2 } });
    expect((await golemRejection(h.service.createVm(alice, vmRequest("Web_1")))).code).toBe(
      "VALIDATION_FAILED",
    );
    await h.service.createVm(alice, vmRequest("web"));
    expect((await golemRejection(h.service.createVm(alice, vmRequest("web")))).code).toBe(
      "VM_NAME_TAKEN",
    );
    await h.service.createVm(bob, vmRequest("web"));
    const full = await golemRejection(h.service.createVm(alice, vmRequest("db")));
    expect(full.code).toBe("RESOURCES_EXHAUSTED");
    expect(full.message).toContain("maximum of 2 VMs");
    const big = await golemRejection(h.service.createVm(alice, { ...vmRequest("x"), cpu: 7 }));
    expect(big.details).toMatchObject({ free: { cpu: 6 } });
    expect(h.service.listVms()).toHaveLength(2);
  });

  test("concurrent creates never share a port or overcommit", async () => {
    h = await createServiceHarness({ policy: { maxVms: 4 } });
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => h.service.createVm(alice, vmRequest(`vm${i}`))),
    );
    const made = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    expect(made).toHaveLength(4);
    expect(new Set(made.map((v) => v.sshPort)).size).toBe(4);
    expect(new Set(made.map((v) => v.hostPort)).size).toBe(4);
  });

  test("fails with PORTS_EXHAUSTED when the public range is used up", async () => {
    h = await createServiceHarness({ ports: 1 });
    await h.service.createVm(alice, vmRequest("a"));
    expect((await golemRejection(h.service.createVm(alice, vmRequest("b")))).code).toBe(
      "PORTS_EXHAUSTED",
    );
  });
});

describe("stop, start, destroy (fake driver)", () => {
  test("stop keeps the disk and ports, start brings it back on the same port", async () => {
    h = await createServiceHarness();
    const vm = await h.service.createVm(alice, vmRequest());
    await expect.poll(() => statusOf(vm.id)).toBe("running");
    expect((await h.service.stopVm(vm.id, alice)).status).toBe("stopped");
    expect(h.driver.states()[vm.id]).toBe("stopped");
    expect(h.service.forwards.has(vm.id)).toBe(false);
    expect((await golemRejection(h.service.stopVm(vm.id))).code).toBe("VM_INVALID_STATE");
    expect((await h.service.startVm(vm.id, alice)).status).toBe("starting");
    await expect.poll(() => statusOf(vm.id)).toBe("running");
    expect(await bannerOn(vm.sshPort)).toMatch(/^SSH-2.0-/);
    expect((await golemRejection(h.service.startVm(vm.id))).code).toBe("VM_INVALID_STATE");
  });

  test("destroy removes the driver VM, the forward, the row and the ports", async () => {
    h = await createServiceHarness();
    const vm = await h.service.createVm(alice, vmRequest());
    await h.service.destroyVm(vm.id, alice);
    expect(h.service.listVms()).toEqual([]);
    expect(h.driver.states()).toEqual({});
    expect(h.service.portUsage().inUse).toBe(0);
    expect(await isPortBindable("127.0.0.1", vm.sshPort)).toBe(true);
    expect((await golemRejection(h.service.destroyVm(vm.id))).code).toBe("VM_NOT_FOUND");
  });

  test("a failed driver destroy keeps the row destroying and a retry finishes it", async () => {
    h = await createServiceHarness();
    const vm = await h.service.createVm(alice, vmRequest());
    await expect.poll(() => statusOf(vm.id)).toBe("running");
    h.driver.failNext("destroy");
    expect((await golemRejection(h.service.destroyVm(vm.id))).code).toBe("DRIVER_FAILED");
    expect(h.service.getVm(vm.id)).toMatchObject({ status: "destroying" });
    await h.service.destroyVm(vm.id);
    expect(h.service.listVms()).toEqual([]);
  });

  test("another owner sees none of it: VM_NOT_FOUND for every call, nothing changes", async () => {
    h = await createServiceHarness();
    const vm = await h.service.createVm(alice, vmRequest());
    await expect.poll(() => statusOf(vm.id)).toBe("running");
    for (const call of [
      () => Promise.resolve().then(() => h.service.getVm(vm.id, bob)),
      () => h.service.stopVm(vm.id, bob),
      () => h.service.startVm(vm.id, bob),
      () => h.service.destroyVm(vm.id, bob),
    ]) {
      const error = await golemRejection(call());
      expect(error.code).toBe("VM_NOT_FOUND");
      expect(error.message).toBe(`VM ${vm.id} does not exist`);
    }
    expect(h.service.listVms(bob)).toEqual([]);
    expect(statusOf(vm.id)).toBe("running");
  });
});

test("the fake driver's VMs outlive the service: close() leaves them running", async () => {
  const driver = createFakeDriver();
  h = await createServiceHarness({ driver });
  const vm = await h.service.createVm(alice, vmRequest());
  await expect.poll(() => statusOf(vm.id)).toBe("running");
  await h.service.close();
  expect(driver.states()[vm.id]).toBe("running");
  expect(await isPortBindable("127.0.0.1", vm.sshPort)).toBe(true);
});
