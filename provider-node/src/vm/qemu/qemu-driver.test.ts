import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
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

// VM directories used to be `<stateDir>/vms/<id>`; the daemon's stateDir is `<dataDir>/vms`,
// so they sat in `<dataDir>/vms/vms/<id>`. They are found there and moved when not running.
describe("createQemuDriver with VM directories of the older layout", () => {
  let stateDir: string;
  beforeEach(async () => {
    stateDir = await mkdtemp(join(tmpdir(), "golem-qd-"));
  });
  afterEach(async () => {
    await rm(stateDir, { recursive: true, force: true });
  });

  /** A VM directory with its `vm.json` at `dir` (no QEMU: the VM is stopped). */
  const writeVm = async (dir: string, id: VmId, port: number) => {
    await mkdir(dir, { recursive: true });
    const record = {
      version: 1,
      spec: { id, cpu: 1, memoryMiB: 512, storageGiB: 4, sshPublicKey: "k", sshHostPort: port },
      image: { qcow2Path: "/nowhere/base.qcow2" },
      createdAt: new Date(0).toISOString(),
    };
    await writeFile(join(dir, "vm.json"), JSON.stringify(record));
    await writeFile(join(dir, "disk.qcow2"), "disk bytes");
  };

  it("moves a stopped VM's directory at list() and keeps its files", async () => {
    const id = parseVmId("vm-old");
    await writeVm(join(stateDir, "vms", id), id, 50801);
    const driver = createQemuDriver({ stateDir, image: { qcow2Path: "" } });
    expect(await driver.list()).toEqual([
      { id, state: "stopped", sshEndpoint: { host: "127.0.0.1", port: 50801 } },
    ]);
    expect(driver.files(id).dir).toBe(join(stateDir, id));
    expect(await readFile(join(stateDir, id, "disk.qcow2"), "utf8")).toBe("disk bytes");
    await expect(stat(join(stateDir, "vms"))).rejects.toThrow(/ENOENT/);
    await driver.destroy(id);
    expect(await readdir(stateDir)).toEqual([]);
  });

  it("leaves a VM whose QEMU still runs where it is, and moves it once the process is gone", async () => {
    const id = parseVmId("vm-live");
    const legacy = join(stateDir, "vms", id);
    await writeVm(legacy, id, 50802);
    // A stand-in for the VM's QEMU: a process with the pid file's path on its command line,
    // which is how the driver tells its QEMU from a recycled pid.
    const pidFile = join(legacy, "qemu.pid");
    const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)", pidFile], {
      stdio: "ignore",
    });
    await writeFile(pidFile, String(child.pid));
    try {
      const driver = createQemuDriver({ stateDir, image: { qcow2Path: "" } });
      expect(await driver.list()).toMatchObject([{ id, state: "running", pid: child.pid }]);
      expect(driver.files(id).dir).toBe(legacy);
      child.kill("SIGKILL");
      await once(child, "exit");
      expect(await driver.list()).toMatchObject([{ id, state: "stopped" }]);
      expect(driver.files(id).dir).toBe(join(stateDir, id));
      expect(await readdir(stateDir)).toEqual([id]);
    } finally {
      child.kill("SIGKILL");
    }
  });

  it("never creates a VM whose id is taken in the old layout", async () => {
    const id = parseVmId("vm-taken");
    await writeVm(join(stateDir, "vms", id), id, 50803);
    const store = createQemuVmStore(stateDir);
    await expect(store.createDir(id)).rejects.toThrow(/already exists/);
    await expect(store.createDir(parseVmId("vms"))).rejects.toThrow(/reserved/);
  });
});
