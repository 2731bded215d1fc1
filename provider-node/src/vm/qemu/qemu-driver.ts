import { rm } from "node:fs/promises";
import type {
  RunningVmStatus,
  StoppedVmStatus,
  VmDriver,
  VmId,
  VmSpec,
  VmStatus,
} from "../driver.ts";
import { parseVmId } from "../driver.ts";
import { createRevertStack } from "../revert-stack.ts";
import { runCommand } from "../run-command.ts";
import { validateVmSpec } from "../validate-vm-spec.ts";
import { VmError } from "../vm-error.ts";
import { buildNocloudSeed, writeNocloudSeedIso } from "./nocloud-seed.ts";
import { type ProbeQemuReturnType, probeQemu } from "./probe-qemu.ts";
import { macAddressOf, type QemuAccel } from "./qemu-args.ts";
import { launchQemu } from "./qemu-launch.ts";
import { powerOff } from "./qemu-power.ts";
import { livePidOf } from "./qemu-process.ts";
import { readQemuStats } from "./qemu-stats.ts";
import { createQemuVmStore, type QemuImage, type QemuVmRecord } from "./qemu-vm-store.ts";
import { connectQmp, type QmpStatus } from "./qmp.ts";

/** How long `stats()` samples QEMU's CPU time (ms). */
const statsWindowMs = 250;

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
 * networking with a host forward to port 22, KVM when it works and TCG otherwise. QEMU
 * runs daemonized in its own session, so VMs outlive the node and `list()` re-adopts them.
 *
 * @example
 * const image = await ensureBaseImage({ cacheDir });
 * const driver = createQemuDriver({ stateDir, image });
 * await driver.create({ id: parseVmId("vm-1"), cpu: 2, memoryMiB: 1024, storageGiB: 10, sshPublicKey, sshHostPort: 50800 });
 */
export function createQemuDriver(options: QemuDriverOptions): QemuDriver {
  const qemu = options.qemuBinary ?? "qemu-system-x86_64";
  const qemuImg = options.qemuImgBinary ?? "qemu-img";
  const log = options.log ?? (() => {});
  const store = createQemuVmStore(options.stateDir);
  // Only what the VM needs, whatever else the caller's image object carries.
  const image: QemuImage = {
    qcow2Path: options.image.qcow2Path,
    kernelPath: options.image.kernelPath,
  };
  const queues = new Map<string, Promise<unknown>>();
  let probed: Promise<ProbeQemuReturnType> | undefined;

  // One operation per VM at a time (a stop racing a destroy would leave either half done).
  // Ids are checked again here: they become paths, and `destroy` removes a directory.
  const serialize = <T>(id: VmId, task: () => Promise<T>): Promise<T> => {
    try {
      parseVmId(id);
    } catch (error) {
      return Promise.reject(error);
    }
    const run = (queues.get(id) ?? Promise.resolve()).catch(() => {}).then(task);
    queues.set(id, run);
    return run.finally(() => {
      if (queues.get(id) === run) queues.delete(id);
    });
  };

  const probe = () => {
    probed ??= probeQemu({
      qemuBinary: qemu,
      qemuImgBinary: qemuImg,
      image,
      accel: options.accel ?? "auto",
      kvmProbeTimeoutMs: options.kvmProbeTimeoutMs,
      log,
    });
    return probed;
  };

  const accel = async (): Promise<QemuAccel> => {
    const result = await probe();
    if (!result.usable || !result.accel) {
      throw new VmError("DRIVER_UNAVAILABLE", `The QEMU driver cannot run here: ${result.reason}`, {
        hints: ["Install qemu-system-x86, qemu-utils and xorriso, and build the base image."],
        details: result.details,
      });
    }
    return result.accel;
  };

  const runningStatus = (
    record: QemuVmRecord,
    pid: number,
    hypervisorState?: string,
  ): RunningVmStatus => ({
    id: record.spec.id,
    state: "running",
    pid,
    sshEndpoint: { host: "127.0.0.1", port: record.spec.sshHostPort },
    ...(hypervisorState === undefined ? {} : { hypervisorState }),
  });
  const stoppedStatus = (record: QemuVmRecord): StoppedVmStatus => ({
    id: record.spec.id,
    state: "stopped",
    sshEndpoint: { host: "127.0.0.1", port: record.spec.sshHostPort },
  });

  const requireRecord = async (id: VmId): Promise<QemuVmRecord> => {
    const record = await store.readRecord(id);
    if (!record)
      throw new VmError("VM_NOT_FOUND", `VM ${id} does not exist`, {
        hints: ["List VMs to see which exist."],
      });
    return record;
  };

  async function launch(record: QemuVmRecord): Promise<RunningVmStatus> {
    const pid = await launchQemu(record, store.files(record.spec.id), {
      qemuBinary: qemu,
      accel: await accel(),
      restrictNetwork: options.restrictNetwork,
    });
    log(`VM ${record.spec.id} started (pid ${pid}, ssh on 127.0.0.1:${record.spec.sshHostPort})`);
    return runningStatus(record, pid);
  }

  /** Moves stopped VMs of the older directory layout; a failure is logged and retried later. */
  const migrate = async () => {
    try {
      const moved: VmId[] = [];
      for (const id of await store.legacyIds()) {
        const done = await serialize(id, async () =>
          store.migrateLegacyDir(id, (await livePidOf(store.files(id).pidFile)) !== undefined),
        );
        if (done) moved.push(id);
      }
      await store.removeEmptyLegacyDir();
      if (moved.length > 0) log(`moved VM directories to ${store.vmsDir}: ${moved.join(", ")}`);
    } catch (error) {
      log(`moving VM directories to ${store.vmsDir} failed, will retry: ${String(error)}`);
    }
  };

  const inspect = async (id: VmId): Promise<VmStatus> => {
    const record = await store.readRecord(id);
    if (!record) return { id, state: "missing" };
    const files = store.files(id);
    const pid = await livePidOf(files.pidFile);
    if (pid === undefined) return stoppedStatus(record);
    let hypervisorState = "unknown";
    try {
      const qmp = await connectQmp(files.qmpSocket, { timeoutMs: 5000 });
      try {
        hypervisorState = (await qmp.execute<QmpStatus>("query-status")).status;
      } finally {
        qmp.close();
      }
    } catch {
      // QMP serves one client at a time; a busy socket does not make a live process stopped.
    }
    return runningStatus(record, pid, hypervisorState);
  };

  return {
    name: "qemu",
    probe: async () => {
      const { accel: _accel, ...result } = await probe();
      return result;
    },
    accel,
    files: store.files,

    create: (spec: VmSpec) =>
      serialize(spec.id, async () => {
        validateVmSpec(spec);
        store.checkPaths(spec.id);
        await accel();
        const baseBytes = await virtualSizeOf(image.qcow2Path);
        if (spec.storageGiB * 1024 ** 3 < baseBytes) {
          throw new VmError(
            "VM_INVALID_SPEC",
            `storageGiB ${spec.storageGiB} is smaller than the base image (${(baseBytes / 1024 ** 3).toFixed(1)} GiB)`,
          );
        }
        const files = store.files(spec.id);
        const revert = createRevertStack();
        try {
          await store.createDir(spec.id);
          revert.add(() => rm(files.dir, { recursive: true, force: true }));
          await runCommand(qemuImg, [
            "create",
            "-q",
            "-f",
            "qcow2",
            "-F",
            "qcow2",
            "-b",
            image.qcow2Path,
            files.disk,
            `${spec.storageGiB}G`,
          ]);
          await writeNocloudSeedIso(
            files.seed,
            buildNocloudSeed({
              instanceId: spec.id,
              hostname: spec.id,
              macAddress: macAddressOf(spec.id),
              sshPublicKey: spec.sshPublicKey,
              userCloudConfig: spec.cloudInit,
            }),
          );
          const record: QemuVmRecord = {
            version: 1,
            spec,
            image,
            createdAt: new Date().toISOString(),
          };
          await store.writeRecord(record);
          const status = await launch(record);
          revert.success();
          return status;
        } finally {
          await revert.revert();
        }
      }),

    start: (id) =>
      serialize(id, async () => {
        const record = await requireRecord(id);
        const pid = await livePidOf(store.files(id).pidFile);
        return pid === undefined ? launch(record) : runningStatus(record, pid);
      }),

    stop: (id) =>
      serialize(id, async () => {
        const record = await requireRecord(id);
        const files = store.files(id);
        const pid = await livePidOf(files.pidFile);
        if (pid !== undefined) {
          await powerOff({
            pid,
            files,
            graceful: true,
            timeoutMs: options.stopTimeoutMs ?? 90_000,
            log: (l) => log(`VM ${id}: ${l}`),
          });
        }
        // A VM of the older directory layout moves once its QEMU no longer holds the paths.
        await store
          .migrateLegacyDir(id, false)
          .catch((error) => log(`VM ${id}: moving its directory failed, will retry: ${error}`));
        return stoppedStatus(record);
      }),

    destroy: (id) =>
      serialize(id, async () => {
        const files = store.files(id);
        const pid = await livePidOf(files.pidFile);
        if (pid !== undefined) {
          await powerOff({
            pid,
            files,
            graceful: false,
            timeoutMs: 0,
            log: (l) => log(`VM ${id}: ${l}`),
          });
        }
        await rm(files.dir, { recursive: true, force: true });
        log(`VM ${id} destroyed`);
      }),

    inspect: (id) => serialize(id, () => inspect(id)),

    stats: (id) =>
      serialize(id, async () => {
        const record = await requireRecord(id);
        const files = store.files(id);
        const pid = await livePidOf(files.pidFile);
        if (pid === undefined) {
          throw new VmError("VM_NOT_RUNNING", `VM ${id} does not run`, {
            hints: ["Start the VM to see its usage."],
          });
        }
        return readQemuStats({ pid, files, spec: record.spec, windowMs: statsWindowMs });
      }),

    list: async () => {
      await migrate();
      const statuses = await Promise.all((await store.listIds()).map((id) => inspect(id)));
      return statuses.filter((s) => s.state !== "missing");
    },
  };

  async function virtualSizeOf(path: string): Promise<number> {
    const { stdout } = await runCommand(qemuImg, ["info", "--output=json", "-U", path]);
    return (JSON.parse(stdout) as { "virtual-size": number })["virtual-size"];
  }
}
