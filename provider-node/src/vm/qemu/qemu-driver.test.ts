import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseVmId, type VmId } from "../driver.ts";
import { isVmError } from "../vm-error.ts";
import { createQemuDriver } from "./qemu-driver.ts";
import { createQemuVmStore } from "./qemu-vm-store.ts";

// What the driver does without booting anything; booting is in test/qemu-driver.test.ts.
describe("createQemuDriver without a VM", () => {
  let stateDir: string;
  beforeEach(async () => {
    stateDir = await mkdtemp(join(tmpdir(), "golem-qd-"));
  });
  afterEach(async () => {
    await rm(stateDir, { recursive: true, force: true });
  });

  it("reports a missing base image as the probe's reason", async () => {
    const driver = createQemuDriver({
      stateDir,
      image: { qcow2Path: join(stateDir, "none.qcow2") },
    });
    const probe = await driver.probe();
    expect(probe.usable).toBe(false);
    expect(probe.reason).toMatch(/none\.qcow2 is missing/);
    const error = await driver.accel().catch((e: unknown) => e);
    expect(isVmError(error, "DRIVER_UNAVAILABLE")).toBe(true);
  });

  it("refuses ids that are not names before touching the file system", async () => {
    const driver = createQemuDriver({ stateDir, image: { qcow2Path: "" } });
    const error = await driver.destroy("../escape" as VmId).catch((e: unknown) => e);
    expect(isVmError(error, "VM_INVALID_SPEC")).toBe(true);
    await expect(stat(stateDir)).resolves.toBeTruthy();
  });

  it("lists nothing in an empty state directory and reports a VM with no process as stopped", async () => {
    const driver = createQemuDriver({ stateDir, image: { qcow2Path: "" } });
    expect(await driver.list()).toEqual([]);
    const id = parseVmId("left-over");
    const store = createQemuVmStore(stateDir);
    await store.createDir(id);
    await store.writeRecord({
      version: 1,
      spec: {
        id,
        cpu: 1,
        memoryMiB: 512,
        storageGiB: 4,
        sshPublicKey: "ssh-ed25519 AAAA",
        sshHostPort: 50801,
      },
      image: { qcow2Path: "/nowhere/base.qcow2" },
      createdAt: new Date(0).toISOString(),
    });
    expect(await driver.list()).toEqual([
      { id, state: "stopped", sshEndpoint: { host: "127.0.0.1", port: 50801 } },
    ]);
    await driver.destroy(id);
    expect(await driver.inspect(id)).toEqual({ id, state: "missing" });
  });

  it("refuses a state directory too deep for the QMP socket", async () => {
    const deep = join(stateDir, "x".repeat(100));
    const store = createQemuVmStore(deep);
    expect(() => store.checkPaths(parseVmId("vm-1"))).toThrow(/longer than 107 bytes/);
  });
});
