import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rmdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { GuestAttachment } from "../../net/isolated-network.ts";
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
  /** The VM's tap and address on the node's bridge (VMs created in isolated mode only). */
  network?: GuestAttachment;
  /**
   * Set when the VM was restored from a saved machine: it boots from virtio-blk with the
   * initrd in its directory and keeps the MAC its identity agent set.
   */
  restored?: {
    snapshotKey: string;
    macAddress: string;
    initrdPath: string;
    /** The user-network address its MAC leased (the forwards' target). */
    guestAddress?: string;
  };
};

/** Everything one VM owns, all inside `dir`. */
export type QemuVmFiles = QemuVmPaths & { dir: string; record: string; previousConsoleLog: string };

// sockaddr_un.sun_path holds 108 bytes including the terminating NUL.
const maxSocketPathBytes = 107;

/** The sub-directory older nodes kept VMs in (`<stateDir>/vms/<id>`); never a VM id. */
const legacyName = "vms";

/**
 * The VM directories `<stateDir>/<id>/`: one per VM with its overlay, seed, console log,
 * QMP socket, pid file and `vm.json`. Directories of the older layout `<stateDir>/vms/<id>/`
 * are still found and used in place until `migrateLegacyDir` moves them (a running QEMU
 * keeps its paths on its command line, so only stopped VMs are moved).
 */
export function createQemuVmStore(stateDir: string) {
  const vmsDir = stateDir;
  const legacyDir = join(stateDir, legacyName);

  const dirOf = (id: VmId) => {
    const legacy = join(legacyDir, id);
    return existsSync(legacy) ? legacy : join(vmsDir, id);
  };

  const files = (id: VmId): QemuVmFiles => {
    const dir = dirOf(id);
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

  const validIds = async (dir: string): Promise<VmId[]> => {
    let entries: string[];
    try {
      entries = await readdir(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw error;
    }
    return entries.flatMap((entry) => {
      if (entry === legacyName) return [];
      try {
        return [parseVmId(entry)];
      } catch {
        return [];
      }
    });
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

    /** Creates the VM's directory; `VM_ALREADY_EXISTS` if it is there (in either layout). */
    async createDir(id: VmId): Promise<void> {
      if (id === legacyName) {
        throw new VmError("VM_INVALID_SPEC", `VM id ${id} is reserved`, {
          hints: ["Choose another id."],
        });
      }
      await mkdir(vmsDir, { recursive: true });
      const taken = () =>
        new VmError("VM_ALREADY_EXISTS", `VM ${id} already exists`, {
          hints: ["Destroy it first, or choose another id."],
        });
      if (existsSync(join(legacyDir, id))) throw taken();
      try {
        // Owner-only: the seed in it holds the guest's SSH host keys.
        await mkdir(join(vmsDir, id), { mode: 0o700 });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        throw taken();
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

    /** Ids of every VM directory, in both layouts (valid ids only; stray entries are ignored). */
    async listIds(): Promise<VmId[]> {
      return [...new Set([...(await validIds(vmsDir)), ...(await validIds(legacyDir))])];
    },

    /** Ids of VM directories still in the older layout (`<stateDir>/vms/<id>`). */
    legacyIds: () => validIds(legacyDir),

    /**
     * Moves one VM directory of the older layout to `<stateDir>/<id>` unless `running` (a
     * live QEMU has its paths on its command line: it stays usable where it is and moves at
     * a later pass). Returns whether it moved.
     */
    async migrateLegacyDir(id: VmId, running: boolean): Promise<boolean> {
      const from = join(legacyDir, id);
      const target = join(vmsDir, id);
      if (running || !existsSync(from) || existsSync(target)) return false;
      await rename(from, target);
      return true;
    },

    /** Removes the older layout's folder once it is empty (anything else in it stays). */
    async removeEmptyLegacyDir(): Promise<void> {
      await rmdir(legacyDir).catch(() => {});
    },
  };
}

/** The store returned by {@link createQemuVmStore}. */
export type QemuVmStore = ReturnType<typeof createQemuVmStore>;
