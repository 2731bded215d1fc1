import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { VmId } from "../driver.ts";
import { connectQmp, type QmpClient } from "../qemu/qmp.ts";
import { runCommand } from "../run-command.ts";
import { VmError } from "../vm-error.ts";
import type { VmSnapshot } from "./ensure-vm-snapshot.ts";
import type { GuestIdentity } from "./guest-identity.ts";
import { sendGuestIdentity } from "./identity-agent-client.ts";
import { runSnapshotQemu } from "./run-snapshot-qemu.ts";

/** Parameters of {@link restoreVmSnapshot}. */
export type RestoreVmSnapshotParameters = {
  snapshot: VmSnapshot;
  id: VmId;
  /** The clone's own directory (exists, empty): its overlay, QMP socket, pid file go here. */
  dir: string;
  /** Host port on 127.0.0.1 forwarded to the clone's port 22 (once its identity is set). */
  sshHostPort: number;
  /** Further host ports on 127.0.0.1 forwarded to guest ports, like a cold VM's. */
  publishedPorts?: { hostPort: number; guestPort: number }[];
  /** The clone's own identity, given to it before its SSH port is forwarded. */
  identity: GuestIdentity;
  /** The root disk's size in GiB; when larger than the saved disk it is grown after the load, like a cold VM's first boot. */
  storageGiB?: number;
  /** Limit for the agent's answer (default 120 s: the DHCP renew under TCG takes seconds). */
  identityTimeoutMs?: number;
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
  /** From QEMU's start until the agent confirmed the new identity, in ms. */
  identityMs: number;
  /** The user-network address the clone's new MAC leased (where its forwards go). */
  guestAddress: string;
};

/**
 * Starts a clone of a saved machine: a qcow2 overlay of the snapshot's disk (the snapshot is
 * never written) and QEMU with the saved machine's argv plus `-incoming exec:cat <state>`. The
 * save paused the guest, so the loaded clone stays paused (QEMU keeps the saved run state) until
 * QMP `cont`, sent here once the load completed. The clone starts with the saved machine's
 * identity and no host forward: its identity agent gets `identity` (RNG reseed, clock,
 * machine-id, hostname, authorized key, SSH host keys, MAC + DHCP renew) and only after its
 * `done` are the SSH and published ports forwarded (QMP `hostfwd_add`), so no one reaches the
 * saved machine's sshd. Any failure kills the clone. Fails with `VM_START_FAILED` or `VM_NOT_READY`.
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
    hostForwards: false,
  });
  let qmp: QmpClient | undefined;
  try {
    qmp = await connectQmp(qemu.qmpSocket);
    await waitForIncoming(qmp);
    const loadMs = performance.now() - started;
    const rootBytes =
      parameters.storageGiB === undefined ? undefined : parameters.storageGiB * 1024 ** 3;
    if (rootBytes !== undefined) {
      await qmp.execute("block_resize", { device: "root", size: rootBytes });
    }
    await qmp.execute("cont");
    const { address } = await sendGuestIdentity(qemu.agentSocket, parameters.identity, {
      timeoutMs: parameters.identityTimeoutMs ?? 120_000,
      rootBytes,
    });
    const identityMs = performance.now() - started;
    const forwards = [
      { hostPort: parameters.sshHostPort, guestPort: 22 },
      ...(parameters.publishedPorts ?? []),
    ];
    for (const forward of forwards) await addHostForward(qmp, forward, address);
    return {
      pid: qemu.pid,
      qmpSocket: qemu.qmpSocket,
      disk,
      loadMs,
      identityMs,
      guestAddress: address,
    };
  } catch (error) {
    // QEMU exits by itself when a load fails; a clone that half loaded must not run on.
    try {
      process.kill(qemu.pid, "SIGKILL");
    } catch {}
    if (error instanceof VmError && ["VM_START_FAILED", "VM_NOT_READY"].includes(error.code)) {
      throw error;
    }
    throw new VmError("VM_START_FAILED", "The clone did not load the saved machine's state", {
      hints: ["Remove the snapshot's directory from the cache; it is saved again on next use."],
      cause: error,
    });
  } finally {
    qmp?.close();
  }
}

/**
 * Adds a user-network forward from 127.0.0.1 to the guest's address (HMP's `hostfwd_add`: QMP
 * has no command for it). The address is the agent's (checked to lie in the user network, so
 * a lying guest can only point its own forward elsewhere in its own network).
 */
async function addHostForward(
  qmp: QmpClient,
  forward: { hostPort: number; guestPort: number },
  guestAddress: string,
): Promise<void> {
  const rule = `tcp:127.0.0.1:${forward.hostPort}-${guestAddress}:${forward.guestPort}`;
  const output = await qmp.execute<string>("human-monitor-command", {
    "command-line": `hostfwd_add net0 ${rule}`,
  });
  // HMP reports failures as text, not as a QMP error.
  if (output.trim() !== "") {
    throw new VmError("VM_START_FAILED", `QEMU could not forward ${rule}: ${output.trim()}`, {
      hints: [`Port ${forward.hostPort} on 127.0.0.1 may be taken; allocate another.`],
    });
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
