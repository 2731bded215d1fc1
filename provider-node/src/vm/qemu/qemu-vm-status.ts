import type { RunningVmStatus, StoppedVmStatus, VmId, VmStats, VmStatus } from "../driver.ts";
import { VmError } from "../vm-error.ts";
import { livePidOf } from "./qemu-process.ts";
import { readQemuStats } from "./qemu-stats.ts";
import type { QemuVmRecord, QemuVmStore } from "./qemu-vm-store.ts";
import { connectQmp, type QmpStatus } from "./qmp.ts";

/** How long `stats()` samples QEMU's CPU time (ms). */
const statsWindowMs = 250;

/**
 * The status of a VM whose QEMU runs as `pid`; SSH on the guest's bridge address (isolated
 * mode) or forwarded from 127.0.0.1.
 *
 * @example const status = runningStatus(record, pid, "running");
 */
export function runningStatus(
  record: QemuVmRecord,
  pid: number,
  hypervisorState?: string,
): RunningVmStatus {
  return {
    id: record.spec.id,
    state: "running",
    pid,
    sshEndpoint: sshEndpointOf(record),
    ...(hypervisorState === undefined ? {} : { hypervisorState }),
  };
}

/**
 * The status of a VM that exists but whose QEMU does not run.
 *
 * @example const status = stoppedStatus(record);
 */
export function stoppedStatus(record: QemuVmRecord): StoppedVmStatus {
  return {
    id: record.spec.id,
    state: "stopped",
    sshEndpoint: sshEndpointOf(record),
  };
}

/** The guest's own address on the bridge (isolated mode), else the 127.0.0.1 host forward. */
function sshEndpointOf(record: QemuVmRecord) {
  return record.network
    ? { host: record.network.address, port: 22 }
    : { host: "127.0.0.1", port: record.spec.sshHostPort };
}

/**
 * The VM's record; `VM_NOT_FOUND` when the VM does not exist.
 *
 * @example const record = await requireQemuRecord(store, id);
 */
export async function requireQemuRecord(store: QemuVmStore, id: VmId): Promise<QemuVmRecord> {
  const record = await store.readRecord(id);
  if (!record)
    throw new VmError("VM_NOT_FOUND", `VM ${id} does not exist`, {
      hints: ["List VMs to see which exist."],
    });
  return record;
}

/**
 * Whether a VM exists and runs, adopting a QEMU that outlived an earlier node: `running`
 * with QMP's `query-status` as `hypervisorState` (`unknown` when QMP is busy), `stopped`
 * when no live QEMU holds its pid file, `missing` without a record.
 *
 * @example const status = await inspectQemuVm(store, id);
 */
export async function inspectQemuVm(store: QemuVmStore, id: VmId): Promise<VmStatus> {
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
}

/**
 * What a running VM uses (see `readQemuStats`); `VM_NOT_FOUND` when it does not exist,
 * `VM_NOT_RUNNING` when its QEMU does not run.
 *
 * @example const stats = await qemuVmStats(store, id);
 */
export async function qemuVmStats(store: QemuVmStore, id: VmId): Promise<VmStats> {
  const record = await requireQemuRecord(store, id);
  const files = store.files(id);
  const pid = await livePidOf(files.pidFile);
  if (pid === undefined) {
    throw new VmError("VM_NOT_RUNNING", `VM ${id} does not run`, {
      hints: ["Start the VM to see its usage."],
    });
  }
  return readQemuStats({ pid, files, spec: record.spec, windowMs: statsWindowMs });
}
