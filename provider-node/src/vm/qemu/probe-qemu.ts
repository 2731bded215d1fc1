import { access } from "node:fs/promises";
import type { DriverProbe } from "../driver.ts";
import { runCommand } from "../run-command.ts";
import { probeAccel } from "./accel-probe.ts";
import type { QemuAccel } from "./qemu-args.ts";
import type { QemuImage } from "./qemu-vm-store.ts";

/** Parameters of {@link probeQemu}. */
export type ProbeQemuParameters = {
  qemuBinary: string;
  qemuImgBinary: string;
  image: QemuImage;
  /** `auto` tries KVM and falls back to TCG; `kvm` requires KVM; `tcg` never tries KVM. */
  accel: "auto" | QemuAccel;
  kvmProbeTimeoutMs?: number;
  log: (line: string) => void;
};

/** A probe that, when usable, also names the accelerator VMs will use. */
export type ProbeQemuReturnType = DriverProbe & { accel?: QemuAccel };

/**
 * Whether the QEMU driver can run here: x86_64 Linux, QEMU, qemu-img and xorriso installed,
 * the base image present, and an accelerator that runs a test guest (KVM when it works in
 * time, else TCG). `details` says what was found, including why KVM was not used.
 */
export async function probeQemu(parameters: ProbeQemuParameters): Promise<ProbeQemuReturnType> {
  const details: Record<string, unknown> = {};
  const unusable = (reason: string) => ({ usable: false, reason, details });
  if (process.platform !== "linux" || process.arch !== "x64") {
    return unusable(
      `the QEMU driver runs on x86_64 Linux hosts, not ${process.platform}/${process.arch}`,
    );
  }
  for (const [name, file, flag] of [
    ["qemu", parameters.qemuBinary, "--version"],
    ["qemuImg", parameters.qemuImgBinary, "--version"],
    ["xorriso", "xorriso", "-version"],
  ] as const) {
    try {
      details[name] = (await runCommand(file, [flag], { timeoutMs: 10_000 })).stdout.split("\n")[0];
    } catch (error) {
      return unusable(error instanceof Error ? error.message : String(error));
    }
  }
  for (const path of [parameters.image.qcow2Path, parameters.image.kernelPath]) {
    if (path === undefined) continue;
    try {
      await access(path);
    } catch {
      return unusable(
        `the base image file ${path || "(none)"} is missing (build it with scripts/build-image.ts)`,
      );
    }
  }
  details.image = parameters.image;
  if (parameters.accel !== "tcg") {
    const kvm = await probeAccel("kvm", {
      qemuBinary: parameters.qemuBinary,
      timeoutMs: parameters.kvmProbeTimeoutMs,
    });
    details.kvm = kvm;
    if (kvm.usable) return { usable: true, details: { ...details, accel: "kvm" }, accel: "kvm" };
    if (parameters.accel === "kvm")
      return unusable(`KVM was required but is not usable: ${kvm.reason}`);
    parameters.log(`KVM is not usable (${kvm.reason}); VMs run under TCG`);
  }
  const tcg = await probeAccel("tcg", { qemuBinary: parameters.qemuBinary, timeoutMs: 30_000 });
  if (!tcg.usable) return unusable(tcg.reason ?? "TCG did not run a test guest");
  return { usable: true, details: { ...details, accel: "tcg" }, accel: "tcg" };
}
