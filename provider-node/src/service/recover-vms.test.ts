import { afterEach, describe, expect, test } from "vitest";
import {
  createServiceHarness,
  type ServiceHarness,
  vmRequest,
} from "../../test/support/service-harness.ts";
import { isPortBindable } from "../net/port-pool.ts";
import type { CreateCheckpoint } from "./service-context.ts";

const alice = "0x1111111111111111111111111111111111111111";

let h: ServiceHarness;
afterEach(async () => {
  await h?.close();
});

const checkpoints: CreateCheckpoint[] = [
  "before-reserve",
  "after-reserve",
  "before-driver-create",
  "after-driver-create",
  "before-forward",
  "after-forward",
  "before-mark-starting",
];

describe("recover after a crash during create (fake driver)", () => {
  test.each(checkpoints)("a crash at %s leaves no row, port or driver VM behind", async (point) => {
    let reached: (id: string) => void = () => {};
    const frozen = new Promise<string>((resolve) => {
      reached = resolve;
    });
    h = await createServiceHarness({
      hooks: {
        checkpoint: (id, at) => {
          if (at !== point) return;
          reached(id);
          return new Promise(() => {}); // the node dies here: nothing after it runs
        },
      },
    });
    void h.service.createVm(alice, vmRequest()).catch(() => {});
    const vmId = await frozen;
    await h.crash();

    const restarted = h.restart();
    const report = await restarted.service.recover();
    expect(report.problems).toEqual([]);
    expect(restarted.service.listVms()).toEqual([]);
    expect(restarted.service.portUsage().inUse).toBe(0);
    expect(restarted.driver.states()).toEqual({});
    const journal = restarted.db.prepare("SELECT count(*) AS n FROM create_steps").get();
    expect(journal).toEqual({ n: 0 });
    if (point !== "before-reserve") expect(report.rolledBack).toEqual([vmId]);
    // The crashed node's forward died with it and the new one opened none.
    expect(restarted.service.forwards.vmIds()).toEqual([]);
    // The restarted node works: the same name and the freed ports are available again.
    const vm = await restarted.service.createVm(alice, vmRequest());
    expect(vm.sshPort).toBeGreaterThanOrEqual(h.publicRange.start);
    await expect.poll(() => restarted.service.getVm(vm.id).status).toBe("running");
  });
});

describe("recover after a restart (fake driver)", () => {
  test("re-adopts a running VM on the same public port and keeps a stopped one stopped", async () => {
    h = await createServiceHarness();
    const running = await h.service.createVm(alice, vmRequest("a"));
    const stopped = await h.service.createVm(alice, vmRequest("b"));
    await expect.poll(() => h.service.getVm(running.id).status).toBe("running");
    await expect.poll(() => h.service.getVm(stopped.id).status).toBe("running");
    await h.service.stopVm(stopped.id);
    await h.crash();
    expect(await isPortBindable("127.0.0.1", running.sshPort)).toBe(true);

    const restarted = h.restart();
    const report = await restarted.service.recover();
    expect(report).toMatchObject({ adopted: [running.id], stopped: [stopped.id], problems: [] });
    await expect.poll(() => restarted.service.getVm(running.id).status).toBe("running");
    expect(restarted.service.getVm(running.id).sshPort).toBe(running.sshPort);
    expect(await isPortBindable("127.0.0.1", running.sshPort)).toBe(false);
    expect(restarted.service.getVm(stopped.id)).toMatchObject({ status: "stopped", error: null });
    expect(restarted.driver.states()).toEqual({ [running.id]: "running", [stopped.id]: "stopped" });
    // A second pass changes nothing.
    expect((await restarted.service.recover()).adopted).toEqual([]);
  });

  test("a VM powered off while the node was down is kept stopped with a note", async () => {
    h = await createServiceHarness();
    const vm = await h.service.createVm(alice, vmRequest());
    await expect.poll(() => h.service.getVm(vm.id).status).toBe("running");
    await h.crash();
    await h.driver.powerOff(vm.id);
    const restarted = h.restart();
    await restarted.service.recover();
    expect(restarted.service.getVm(vm.id)).toMatchObject({
      status: "stopped",
      error: "found stopped at node start (was running)",
    });
  });

  test("destroys driver VMs no row knows, and finishes an interrupted destroy", async () => {
    h = await createServiceHarness();
    const vm = await h.service.createVm(alice, vmRequest());
    await expect.poll(() => h.service.getVm(vm.id).status).toBe("running");
    h.db.prepare("UPDATE vms SET status = 'destroying' WHERE id = ?").run(vm.id);
    await h.crash();
    await h.driver.adoptOrphan({
      id: "vm-orphan" as never,
      cpu: 1,
      memoryMiB: 512,
      storageGiB: 2,
      sshPublicKey: "k",
      sshHostPort: h.hostRange.end - 1,
    });
    const restarted = h.restart();
    const report = await restarted.service.recover();
    expect(report).toMatchObject({ destroyed: [vm.id], orphansDestroyed: ["vm-orphan"] });
    expect(restarted.driver.states()).toEqual({});
    expect(restarted.service.listVms()).toEqual([]);
  });

  test("a driver error never destroys: inspect and list failures keep rows and report problems", async () => {
    h = await createServiceHarness();
    const vm = await h.service.createVm(alice, vmRequest());
    await expect.poll(() => h.service.getVm(vm.id).status).toBe("running");
    await h.crash();
    await h.driver.adoptOrphan({
      id: "vm-unknown" as never,
      cpu: 1,
      memoryMiB: 512,
      storageGiB: 2,
      sshPublicKey: "k",
      sshHostPort: h.hostRange.end - 1,
    });
    h.driver.failNext("inspect");
    h.driver.failNext("list");
    const restarted = h.restart();
    const report = await restarted.service.recover();
    expect(report.problems.map((p) => p.problem)).toEqual([
      "driver list failed, orphans not checked: fake list failed",
      "driver inspect failed: fake inspect failed",
    ]);
    expect(restarted.service.getVm(vm.id)).toMatchObject({
      status: "running",
      error: "driver inspect failed: fake inspect failed",
    });
    expect(restarted.driver.states()).toEqual({ [vm.id]: "running", "vm-unknown": "running" });
    // The retry pass, with the driver answering again, adopts and cleans up.
    const retry = await restarted.service.recover();
    expect(retry).toMatchObject({
      adopted: [vm.id],
      orphansDestroyed: ["vm-unknown"],
      problems: [],
    });
    await expect
      .poll(() => restarted.service.getVm(vm.id))
      .toMatchObject({ status: "running", error: null });
  });

  test("a VM the driver lost is marked failed, not deleted", async () => {
    h = await createServiceHarness();
    const vm = await h.service.createVm(alice, vmRequest());
    await expect.poll(() => h.service.getVm(vm.id).status).toBe("running");
    await h.crash();
    await h.driver.destroy(vm.id as never);
    const restarted = h.restart();
    expect((await restarted.service.recover()).lost).toEqual([vm.id]);
    expect(restarted.service.getVm(vm.id)).toMatchObject({
      status: "failed",
      error: `the fake driver has no VM ${vm.id}`,
    });
  });
});
