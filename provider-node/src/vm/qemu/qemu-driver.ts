import type { VmDriver } from "../driver.ts";
import { createQemuAccel } from "./qemu-accel.ts";
import type { QemuAccel } from "./qemu-args.ts";
import { createQemuVm } from "./qemu-create-vm.ts";
import type { QemuDriverContext } from "./qemu-driver-context.ts";
import { migrateLegacyVms } from "./qemu-migrate-legacy.ts";
import { drainRunningConsoles, readQemuVmConsole } from "./qemu-vm-console.ts";
import { destroyQemuVm, startQemuVm, stopQemuVm } from "./qemu-vm-lifecycle.ts";
import { createVmQueue } from "./qemu-vm-queue.ts";
import { inspectQemuVm, qemuVmStats } from "./qemu-vm-status.ts";
import { createQemuVmStore, type QemuImage } from "./qemu-vm-store.ts";

/** Options of {@link createQemuDriver}. */
export type QemuDriverOptions = {
  /**
   * VMs live in `<stateDir>/<id>/` (the older `<stateDir>/vms/<id>/` is migrated at `list()`).
   * Keep it short: the QMP socket path must fit in 107 bytes.
   */
  stateDir: string;
  /** Base image for new VMs (from `ensureBaseImage` or `ensureCloudImage`). */
  image: QemuImage;
  qemuBinary?: string;
  qemuImgBinary?: string;
  /** `auto` (default) uses KVM when a test guest runs under it in time, else TCG. */
  accel?: "auto" | QemuAccel;
  /** Limit for the KVM test guest in ms (default 3000). */
  kvmProbeTimeoutMs?: number;
  /** Keep guests off the outside network (`restrict=on`); the SSH forward still works. Default false. */
  restrictNetwork?: boolean;
  /** How long a clean shutdown may take before the VM is forced off, in ms (default 90 000). */
  stopTimeoutMs?: number;
  /** How often running VMs' console rings are drained into their capped files, in ms (default 1000). */
  consoleDrainIntervalMs?: number;
  log?: (line: string) => void;
};

/** The QEMU driver plus what its tests and the node's `status` need to see. */
export type QemuDriver = VmDriver & {
  /** The accelerator VMs start with (probes once). */
  accel(): Promise<QemuAccel>;
  /** Paths of one VM's files. */
  files: ReturnType<typeof createQemuVmStore>["files"];
};

/**
 * Creates the QEMU driver: qcow2 overlays on a base image, a NoCloud seed, user-mode
 * networking with a host forward to port 22, the serial console in a bounded ring drained into
 * capped files, KVM when it works and TCG otherwise. QEMU
 * runs daemonized in its own session, so VMs outlive the node and `list()` re-adopts them.
 * Operations on one VM run one at a time, in the order they were called.
 *
 * @example
 * const image = await ensureBaseImage({ cacheDir });
 * const driver = createQemuDriver({ stateDir, image });
 * await driver.create({ id: parseVmId("vm-1"), cpu: 2, memoryMiB: 1024, storageGiB: 10, sshPublicKey, sshHostPort: 23800 });
 */
export function createQemuDriver(options: QemuDriverOptions): QemuDriver {
  const qemuBinary = options.qemuBinary ?? "qemu-system-x86_64";
  const qemuImgBinary = options.qemuImgBinary ?? "qemu-img";
  const log = options.log ?? (() => {});
  const store = createQemuVmStore(options.stateDir);
  // Only what the VM needs, whatever else the caller's image object carries.
  const image: QemuImage = {
    qcow2Path: options.image.qcow2Path,
    kernelPath: options.image.kernelPath,
  };
  const { probe, accel } = createQemuAccel({
    qemuBinary,
    qemuImgBinary,
    image,
    accel: options.accel ?? "auto",
    kvmProbeTimeoutMs: options.kvmProbeTimeoutMs,
    log,
  });
  const context: QemuDriverContext = {
    qemuBinary,
    qemuImgBinary,
    image,
    store,
    accel,
    restrictNetwork: options.restrictNetwork,
    stopTimeoutMs: options.stopTimeoutMs ?? 90_000,
    log,
  };
  const serialize = createVmQueue();
  // Keeps each running VM's console.log current; unref'd, so it never holds the process open.
  let draining = false;
  setInterval(() => {
    if (draining) return;
    draining = true;
    void drainRunningConsoles(store).finally(() => {
      draining = false;
    });
  }, options.consoleDrainIntervalMs ?? 1_000).unref();

  return {
    name: "qemu",
    probe,
    accel,
    files: store.files,
    create: (spec) => serialize(spec.id, () => createQemuVm(context, spec)),
    start: (id) => serialize(id, () => startQemuVm(context, id)),
    stop: (id, stopOptions) => serialize(id, () => stopQemuVm(context, id, stopOptions)),
    destroy: (id) => serialize(id, () => destroyQemuVm(context, id)),
    inspect: (id) => serialize(id, () => inspectQemuVm(store, id)),
    stats: (id) => serialize(id, () => qemuVmStats(store, id)),
    // Not queued: reading the console must not wait behind a long stop.
    console: (id, maxBytes) => readQemuVmConsole(store, id, maxBytes),
    list: async () => {
      await migrateLegacyVms({ store, serialize, log });
      const statuses = await Promise.all(
        (await store.listIds()).map((id) => inspectQemuVm(store, id)),
      );
      return statuses.filter((s) => s.state !== "missing");
    },
  };
}
