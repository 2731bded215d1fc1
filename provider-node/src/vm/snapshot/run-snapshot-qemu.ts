import { join } from "node:path";
import type { VmId } from "../driver.ts";
import { buildQemuArgs, type QemuAccel, type QemuVmPaths } from "../qemu/qemu-args.ts";
import { livePidOf } from "../qemu/qemu-process.ts";
import { runCommand } from "../run-command.ts";
import { VmError } from "../vm-error.ts";
import { snapshotMacAddress, type VmShape } from "./snapshot-key.ts";

/** Parameters of {@link runSnapshotQemu}. */
export type RunSnapshotQemuParameters = {
  qemuBinary: string;
  accel: QemuAccel;
  shape: VmShape;
  id: VmId;
  /** The machine's own directory: QMP socket, pid file and console log go here. */
  dir: string;
  disk: string;
  seed: string;
  kernel: string;
  initrd: string;
  sshHostPort: number;
  /** A saved state to load before the guest runs (`-incoming`); the guest runs once it is loaded. */
  statePath?: string;
  /** Whether the SSH port is forwarded from the start (default true; clones add it once their identity is set). */
  hostForwards?: boolean;
  /** Appended to the argv (e.g. `-loadvm <tag>` to compare internal snapshots in the bench). */
  extraArgs?: string[];
};

/**
 * Starts QEMU daemonized with the argv of a saved machine ({@link snapshotMachineArgs} with
 * this machine's paths, name and host port) and returns its pid and QMP socket. Fails with
 * `VM_START_FAILED`.
 *
 * @example const { pid } = await runSnapshotQemu({ qemuBinary, accel: "tcg", shape, id, dir, disk, seed, kernel, initrd, sshHostPort });
 */
export async function runSnapshotQemu(
  parameters: RunSnapshotQemuParameters,
): Promise<{ pid: number; qmpSocket: string; pidFile: string; agentSocket: string }> {
  const paths: QemuVmPaths = {
    disk: parameters.disk,
    seed: parameters.seed,
    kernel: parameters.kernel,
    initrd: parameters.initrd,
    qmpSocket: join(parameters.dir, "qmp.sock"),
    consoleLog: join(parameters.dir, "console.log"),
    pidFile: join(parameters.dir, "qemu.pid"),
    agentSocket: join(parameters.dir, "agent.sock"),
  };
  const args = [
    ...buildQemuArgs(
      { id: parameters.id, ...parameters.shape, sshHostPort: parameters.sshHostPort },
      paths,
      {
        accel: parameters.accel,
        disk: "virtio",
        macAddress: snapshotMacAddress,
        hostForwards: parameters.hostForwards,
      },
    ),
    ...(parameters.statePath ? ["-incoming", `exec:cat ${shellQuote(parameters.statePath)}`] : []),
  ];
  await runCommand(parameters.qemuBinary, args, {
    timeoutMs: 60_000,
    errorCode: "VM_START_FAILED",
  });
  const pid = await livePidOf(paths.pidFile);
  if (pid === undefined) {
    throw new VmError("VM_START_FAILED", `QEMU exited right after starting ${parameters.id}`, {
      hints: ["Run the same QEMU command in the foreground to read its error."],
      details: { args },
    });
  }
  return {
    pid,
    qmpSocket: paths.qmpSocket,
    pidFile: paths.pidFile,
    agentSocket: paths.agentSocket as string,
  };
}

/** One argument for `sh -c` (QEMU runs `exec:` URIs through the shell). */
export function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}
