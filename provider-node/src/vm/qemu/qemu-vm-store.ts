import { mkdir, readdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseVmId, type VmId, type VmSpec } from "../driver.ts";
import { VmError } from "../vm-error.ts";
import type { QemuVmPaths } from "./qemu-args.ts";

/** The base image a VM's disk is an overlay of, and the kernel that matches its modules. */
export type QemuImage = { qcow2Path: string; kernelPath?: string };

/** What `vm.json` in a VM's directory records, so a restarted node can start it again. */
export type QemuVmRecord = {
  version: 1;
  spec: VmSpec;
  image: QemuImage;
  createdAt: string;
};

/** Everything one VM owns, all inside `dir`. */
export type QemuVmFiles = QemuVmPaths & { dir: string; record: string; previousConsoleLog: string };

// sockaddr_un.sun_path holds 108 bytes including the terminating NUL.
const maxSocketPathBytes = 107;

/**
 * The VM directories under `<stateDir>/vms/`: one per VM with its overlay, seed, console
 * log, QMP socket, pid file and `vm.json`.
 */
export function createQemuVmStore(stateDir: string) {
  const vmsDir = join(stateDir, "vms");

  const files = (id: VmId): QemuVmFiles => {
    const dir = join(vmsDir, id);
    return {
      dir,
      disk: join(dir, "disk.qcow2"),
      seed: join(dir, "seed.iso"),
      qmpSocket: join(dir, "qmp.sock"),
      consoleLog: join(dir, "console.log"),
      previousConsoleLog: join(dir, "console.previous.log"),
      pidFile: join(dir, "qemu.pid"),
      record: join(dir, "vm.json"),
    };
  };

  return {
    vmsDir,
    files,

    /** Fails early when the state directory is too deep for the QMP socket's path. */
    checkPaths(id: VmId): void {
      const socket = files(id).qmpSocket;
      if (Buffer.byteLength(socket) > maxSocketPathBytes) {
        throw new VmError(
          "VM_INVALID_SPEC",
          `The QMP socket path ${socket} is longer than ${maxSocketPathBytes} bytes`,
          {
            hints: ["Use a shorter state directory (unix socket paths are limited to 107 bytes)."],
          },
        );
      }
    },

    /** Creates the VM's directory; `VM_ALREADY_EXISTS` if it is there. */
    async createDir(id: VmId): Promise<void> {
      await mkdir(vmsDir, { recursive: true });
      try {
        await mkdir(files(id).dir);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        throw new VmError("VM_ALREADY_EXISTS", `VM ${id} already exists`, {
          hints: ["Destroy it first, or choose another id."],
        });
      }
    },

    /** Writes `vm.json` atomically (temp file + rename). */
    async writeRecord(record: QemuVmRecord): Promise<void> {
      const target = files(record.spec.id).record;
      await writeFile(`${target}.tmp`, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
      await rename(`${target}.tmp`, target);
    },

    /** The VM's record, or undefined when the VM does not exist (or was never fully created). */
    async readRecord(id: VmId): Promise<QemuVmRecord | undefined> {
      try {
        return JSON.parse(await readFile(files(id).record, "utf8")) as QemuVmRecord;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
        throw error;
      }
    },

    /** Ids of every VM directory (valid ids only; stray entries are ignored). */
    async listIds(): Promise<VmId[]> {
      let entries: string[];
      try {
        entries = await readdir(vmsDir);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
        throw error;
      }
      return entries.flatMap((entry) => {
        try {
          return [parseVmId(entry)];
        } catch {
          return [];
        }
      });
    },
  };
}

/** The store returned by {@link createQemuVmStore}. */
export type QemuVmStore = ReturnType<typeof createQemuVmStore>;
