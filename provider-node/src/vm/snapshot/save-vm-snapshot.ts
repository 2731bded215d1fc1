import { stat } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { parseVmId } from "../driver.ts";
import type { QemuAccel } from "../qemu/qemu-args.ts";
import { consoleRingId } from "../qemu/qemu-console.ts";
import { waitForExit } from "../qemu/qemu-process.ts";
import { connectQmp, type QmpClient } from "../qemu/qmp.ts";
import { waitForSshBanner } from "../ssh-banner.ts";
import { VmError } from "../vm-error.ts";
import { pingIdentityAgent } from "./identity-agent-client.ts";
import { runSnapshotQemu, shellQuote } from "./run-snapshot-qemu.ts";
import type { VmShape } from "./snapshot-key.ts";

/** Parameters of {@link saveVmSnapshot}. */
export type SaveVmSnapshotParameters = {
  qemuBinary: string;
  accel: QemuAccel;
  shape: VmShape;
  /** The directory being built: the disk, seed and initrd are in it; the state file goes there. */
  dir: string;
  disk: string;
  seed: string;
  kernel: string;
  initrd: string;
  statePath: string;
  /** A free port on 127.0.0.1 for the guest's SSH while it boots. */
  sshHostPort: number;
  /** Limit for boot to SSH banner plus cloud-init's end, in ms (default 10 min: TCG boots take 40–140 s). */
  bootTimeoutMs?: number;
  log?: (line: string) => void;
};

/** What a save measured. */
export type SaveVmSnapshotReturnType = {
  bootToSshMs: number;
  bootToIdleMs: number;
  saveMs: number;
  stateBytes: number;
};

/**
 * Boots the saved machine once, waits until its SSH server answers, cloud-init printed its
 * final message on the console (the guest is idle) and the identity agent answers a ping, pauses it and writes its whole state with
 * QEMU's migration to `statePath` (`exec:cat > file`: QEMU 7.2 has no `mapped-ram`). QEMU
 * flushes the disk before the migration completes, so the disk and the state match. Fails with
 * `VM_START_FAILED`, `VM_NOT_READY` or `QMP_ERROR`; the caller removes the directory.
 *
 * @example const saved = await saveVmSnapshot({ qemuBinary, accel, shape, dir, disk, seed, kernel, initrd, statePath, sshHostPort });
 */
export async function saveVmSnapshot(
  parameters: SaveVmSnapshotParameters,
): Promise<SaveVmSnapshotReturnType> {
  const log = parameters.log ?? (() => {});
  const timeoutMs = parameters.bootTimeoutMs ?? 600_000;
  const started = performance.now();
  // The state file is where this boot's state goes, not one to load (`-incoming`).
  const { statePath, ...machine } = parameters;
  const qemu = await runSnapshotQemu({ ...machine, id: parseVmId("snapshot") });
  const qmp = await connectQmp(qemu.qmpSocket);
  try {
    await waitForSshBanner("127.0.0.1", parameters.sshHostPort, { timeoutMs });
    const bootToSshMs = performance.now() - started;
    log(`saved machine: SSH answered after ${(bootToSshMs / 1000).toFixed(1)} s`);
    await waitForConsole(qmp, /Cloud-init v\. \S+ finished at/, timeoutMs - bootToSshMs);
    // Let the units cloud-init's end starts settle before the guest is frozen.
    await sleep(2000);
    // Every clone needs the agent waiting on its port; a machine without it is not saved.
    await pingIdentityAgent(qemu.agentSocket, 60_000);
    const bootToIdleMs = performance.now() - started;
    log(`saved machine: cloud-init finished after ${(bootToIdleMs / 1000).toFixed(1)} s`);
    const saveStarted = performance.now();
    await qmp.execute("stop");
    await qmp.execute("migrate", { uri: `exec:cat > ${shellQuote(statePath)}` });
    await waitForMigration(qmp);
    const saveMs = performance.now() - saveStarted;
    await qmp.execute("quit");
    await qmp.closed;
    await waitForExit(qemu.pid, qemu.pidFile, 30_000);
    const stateBytes = (await stat(statePath)).size;
    log(`saved machine: state ${(stateBytes / 2 ** 20).toFixed(0)} MiB in ${saveMs.toFixed(0)} ms`);
    return { bootToSshMs, bootToIdleMs, saveMs, stateBytes };
  } finally {
    qmp.close();
    // After a failure QEMU may still run; it must not outlive the directory the caller removes.
    if (!(await waitForExit(qemu.pid, qemu.pidFile, 0))) {
      try {
        process.kill(qemu.pid, "SIGKILL");
      } catch {}
    }
  }
}

/** Reads the console ring until `pattern` appears in what was read; `VM_NOT_READY` after `timeoutMs`. */
async function waitForConsole(qmp: QmpClient, pattern: RegExp, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  let text = "";
  while (performance.now() < deadline) {
    const data = await qmp.execute<string>("ringbuf-read", {
      device: consoleRingId,
      size: 65536,
      format: "base64",
    });
    // Keep a tail that is long enough for the line to straddle two reads.
    text = (text + Buffer.from(data, "base64").toString("latin1")).slice(-8192);
    if (pattern.test(text)) return;
    await sleep(500);
  }
  throw new VmError("VM_NOT_READY", `The saved machine's console never matched ${pattern}`, {
    hints: ["Boot the base image by hand and read its console: cloud-init did not finish."],
  });
}

/** Polls `query-migrate` until the migration completed; `QMP_ERROR` when it failed. */
async function waitForMigration(qmp: QmpClient): Promise<void> {
  for (;;) {
    const info = await qmp.execute<{ status?: string; "error-desc"?: string }>("query-migrate");
    if (info.status === "completed") return;
    if (info.status === "failed" || info.status === "cancelled") {
      throw new VmError("QMP_ERROR", `Saving the machine's state ${info.status}`, {
        hints: ["Check free space in the cache directory; every device must be migratable."],
        details: { error: info["error-desc"] },
      });
    }
    await sleep(50);
  }
}
