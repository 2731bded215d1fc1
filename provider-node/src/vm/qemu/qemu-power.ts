import { VmError } from "../vm-error.ts";
import { isQemuAlive, waitForExit } from "./qemu-process.ts";
import type { QemuVmFiles } from "./qemu-vm-store.ts";
import { connectQmp } from "./qmp.ts";

/** Parameters of {@link powerOff}. */
export type PowerOffParameters = {
  pid: number;
  files: Pick<QemuVmFiles, "qmpSocket" | "pidFile">;
  /** Ask the guest to shut down (ACPI power button) and wait `timeoutMs` before forcing it off. */
  graceful: boolean;
  timeoutMs: number;
  log: (line: string) => void;
};

/**
 * Stops a QEMU process, escalating: ACPI power button (`system_powerdown`, when graceful) →
 * QMP `quit` → SIGKILL. Resolves once the process is gone; `VM_STOP_FAILED` if even
 * SIGKILL did not end it.
 */
export async function powerOff(parameters: PowerOffParameters): Promise<void> {
  const { pid, files, log } = parameters;
  const marker = files.pidFile;
  const qmpCommand = async (command: string) => {
    try {
      const qmp = await connectQmp(files.qmpSocket, { timeoutMs: 5000 });
      try {
        await qmp.execute(command);
      } finally {
        qmp.close();
      }
      return true;
    } catch (error) {
      log(`QMP ${command} failed: ${(error as Error).message}`);
      return false;
    }
  };

  if (parameters.graceful) {
    const started = performance.now();
    if (
      (await qmpCommand("system_powerdown")) &&
      (await waitForExit(pid, marker, parameters.timeoutMs))
    ) {
      log(`shut down cleanly in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      return;
    }
    log(`no clean shutdown within ${Math.round(parameters.timeoutMs / 1000)} s; forcing it off`);
  }
  if ((await qmpCommand("quit")) && (await waitForExit(pid, marker, 10_000))) return;
  if (await isQemuAlive(pid, marker)) {
    log(`QEMU ${pid} ignored quit; sending SIGKILL`);
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Gone between the check and the kill.
    }
  }
  if (!(await waitForExit(pid, marker, 10_000))) {
    throw new VmError("VM_STOP_FAILED", `QEMU process ${pid} is still running after SIGKILL`, {
      hints: ["Check the host for a hung process (state D) and kill it by hand."],
    });
  }
}
