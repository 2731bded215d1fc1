import { runCommand } from "../run-command.ts";
import { VmError } from "../vm-error.ts";
import { type BuildQemuArgsOptions, buildQemuArgs, type QemuAccel } from "./qemu-args.ts";
import { readConsoleTail, rotateConsoleForBoot } from "./qemu-console.ts";
import { livePidOf } from "./qemu-process.ts";
import type { QemuVmFiles, QemuVmRecord } from "./qemu-vm-store.ts";

/** What {@link launchQemu} needs besides the VM. */
export type LaunchQemuOptions = {
  qemuBinary: string;
  accel: QemuAccel;
  /** The guest's NIC (restricted user networking when unset). */
  network?: BuildQemuArgsOptions["network"];
};

/**
 * Starts QEMU daemonized for a VM whose files exist (overlay, seed, `vm.json`) and returns the
 * live QEMU's pid. The previous boot's console log is kept as `console.previous.log`. Fails
 * with `VM_START_FAILED` (with a hint when the SSH host port is taken).
 *
 * @example const pid = await launchQemu(record, store.files(id), { qemuBinary: "qemu-system-x86_64", accel: "tcg" });
 */
export async function launchQemu(
  record: QemuVmRecord,
  files: QemuVmFiles,
  options: LaunchQemuOptions,
): Promise<number> {
  const { restored } = record;
  const args = buildQemuArgs(
    record.spec,
    {
      ...files,
      kernel: record.image.kernelPath,
      ...(restored ? { initrd: restored.initrdPath } : {}),
    },
    {
      accel: options.accel,
      network: options.network,
      ...(restored
        ? {
            disk: "virtio" as const,
            macAddress: restored.macAddress,
            guestAddress: restored.guestAddress,
          }
        : {}),
    },
  );
  await rotateConsoleForBoot(files);
  try {
    await runCommand(options.qemuBinary, args, { timeoutMs: 60_000, errorCode: "VM_START_FAILED" });
  } catch (error) {
    const stderr = error instanceof VmError ? String(error.details.stderr ?? "") : "";
    const portTaken = stderr.includes("host forwarding rule");
    throw new VmError(
      "VM_START_FAILED",
      `QEMU could not start VM ${record.spec.id}: ${stderr.split("\n").at(-1)}`,
      {
        hints: portTaken
          ? [`Port ${record.spec.sshHostPort} on 127.0.0.1 is taken; allocate another SSH port.`]
          : ["Read the QEMU error above; check the image files and free memory."],
        details: { stderr, args },
        cause: error,
      },
    );
  }
  const pid = await livePidOf(files.pidFile);
  if (pid === undefined) {
    const consoleTail = (await readConsoleTail(files, 4000)).toString("utf8");
    throw new VmError("VM_START_FAILED", `QEMU exited right after starting VM ${record.spec.id}`, {
      details: { consoleTail },
    });
  }
  return pid;
}
