import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { VmId } from "../driver.ts";
import { connectQmp, type QmpClient } from "../qemu/qmp.ts";
import { runCommand } from "../run-command.ts";
import { VmError } from "../vm-error.ts";
import type { VmSnapshot } from "./ensure-vm-snapshot.ts";
import { runSnapshotQemu } from "./run-snapshot-qemu.ts";

/** Parameters of {@link restoreVmSnapshot}. */
export type RestoreVmSnapshotParameters = {
  snapshot: VmSnapshot;
  id: VmId;
  /** The clone's own directory (exists, empty): its overlay, QMP socket, pid file go here. */
  dir: string;
  /** Host port on 127.0.0.1 forwarded to the clone's port 22. */
  sshHostPort: number;
  qemuBinary?: string;
  qemuImgBinary?: string;
};

/** A running clone. */
export type RestoreVmSnapshotReturnType = {
  pid: number;
  qmpSocket: string;
  disk: string;
  /** From QEMU's start until the state was loaded, in ms. */
  loadMs: number;
};

/**
 * Starts a clone of a saved machine: a qcow2 overlay of the snapshot's disk (the snapshot is
 * never written) and QEMU with the saved machine's argv plus `-incoming exec:cat <state>`. The
 * save paused the guest, so the loaded clone stays paused (QEMU keeps the saved run state) until
 * QMP `cont`, sent here once the load completed: the place to give it its identity first. The clone still has the
 * saved machine's identity (host keys, machine-id, RNG state, MAC): it needs a fresh one before
 * anyone logs in (not done yet). Fails with `VM_START_FAILED`.
 *
 * @example const clone = await restoreVmSnapshot({ snapshot, id, dir, sshHostPort: 23800 });
 */
export async function restoreVmSnapshot(
  parameters: RestoreVmSnapshotParameters,
): Promise<RestoreVmSnapshotReturnType> {
  const { snapshot } = parameters;
  const disk = join(parameters.dir, "disk.qcow2");
  await runCommand(parameters.qemuImgBinary ?? "qemu-img", [
    ...["create", "-q", "-f", "qcow2", "-F", "qcow2", "-b", snapshot.diskPath, disk],
  ]);
  const started = performance.now();
  const qemu = await runSnapshotQemu({
    qemuBinary: parameters.qemuBinary ?? "qemu-system-x86_64",
    accel: snapshot.accel,
    shape: snapshot.shape,
    id: parameters.id,
    dir: parameters.dir,
    disk,
    seed: snapshot.seedPath,
    kernel: snapshot.kernelPath,
    initrd: snapshot.initrdPath,
    sshHostPort: parameters.sshHostPort,
    statePath: snapshot.statePath,
  });
  let qmp: QmpClient | undefined;
  try {
    qmp = await connectQmp(qemu.qmpSocket);
    await waitForIncoming(qmp);
    const loadMs = performance.now() - started;
    await qmp.execute("cont");
    return { pid: qemu.pid, qmpSocket: qemu.qmpSocket, disk, loadMs };
  } catch (error) {
    // QEMU exits by itself when a load fails; a clone that half loaded must not run on.
    try {
      process.kill(qemu.pid, "SIGKILL");
    } catch {}
    if (error instanceof VmError && error.code === "VM_START_FAILED") throw error;
    throw new VmError("VM_START_FAILED", "The clone did not load the saved machine's state", {
      hints: ["Remove the snapshot's directory from the cache; it is saved again on next use."],
      cause: error,
    });
  } finally {
    qmp?.close();
  }
}

/** Polls the incoming migration until it completed; `VM_START_FAILED` when it failed. */
async function waitForIncoming(qmp: QmpClient): Promise<void> {
  for (;;) {
    const info = await qmp.execute<{ status?: string; "error-desc"?: string }>("query-migrate");
    if (info.status === "completed") return;
    if (info.status === "failed" || info.status === "cancelled") {
      throw new VmError("VM_START_FAILED", `Loading the saved machine's state ${info.status}`, {
        hints: ["Remove the snapshot's directory from the cache; it is saved again on next use."],
        details: { error: info["error-desc"] },
      });
    }
    await sleep(20);
  }
}
