import { createHash } from "node:crypto";
import { parseVmId } from "../driver.ts";
import { buildQemuArgs, type QemuAccel } from "../qemu/qemu-args.ts";

/** The machine a snapshot was saved from and every clone of it runs: vCPUs and memory. */
export type VmShape = { cpu: number; memoryMiB: number };

/** The MAC of every saved machine and its clones (the guest keeps the MAC it booted with). */
export const snapshotMacAddress = "52:54:00:5a:00:01";

/** Stand-ins for what differs between the saved machine and each clone (paths, ports, name). */
const placeholders = {
  disk: "<disk>",
  seed: "<seed>",
  kernel: "<kernel>",
  initrd: "<initrd>",
  qmpSocket: "<qmp>",
  consoleLog: "<console>",
  pidFile: "<pid>",
  agentSocket: "<agent>",
};

/**
 * The QEMU arguments that must be equal between a saved machine and its clones: the node's
 * own argv ({@link buildQemuArgs}) on virtio-blk, with the per-VM parts (name, paths, host
 * ports) replaced by placeholders. Pure.
 *
 * @example const args = snapshotMachineArgs({ cpu: 2, memoryMiB: 1024 }, "tcg");
 */
export function snapshotMachineArgs(shape: VmShape, accel: QemuAccel): string[] {
  return buildQemuArgs(
    { id: parseVmId("snapshot"), cpu: shape.cpu, memoryMiB: shape.memoryMiB, sshHostPort: 0 },
    placeholders,
    { accel, disk: "virtio", macAddress: snapshotMacAddress },
  );
}

/** Everything a saved state depends on; a change in any of them makes it unusable. */
export type SnapshotKeyInputs = {
  /** The base image's recipe hash (the image the saved disk is an overlay of). */
  recipeHash: string;
  /** QEMU's `--version` line: a saved state loads only into the QEMU that wrote it. */
  qemuVersion: string;
  /** {@link snapshotMachineArgs}. */
  machineArgs: string[];
};

/**
 * The snapshot's cache directory name: 16 hex digits of SHA-256 over its inputs.
 *
 * @example const key = snapshotKey({ recipeHash: image.recipeHash, qemuVersion, machineArgs });
 */
export function snapshotKey(inputs: SnapshotKeyInputs): string {
  const text = JSON.stringify([inputs.recipeHash, inputs.qemuVersion, inputs.machineArgs]);
  return createHash("sha256").update(text).digest("hex").slice(0, 16);
}
