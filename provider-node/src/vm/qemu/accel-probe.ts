import { execFile } from "node:child_process";
import { access, constants, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { QemuAccel } from "./qemu-args.ts";

/** Whether an accelerator ran a test guest, and how long it took. */
export type AccelProbeResult = {
  accel: QemuAccel;
  usable: boolean;
  /** Why not, when not usable. */
  reason?: string;
  elapsedMs: number;
};

/** Options of {@link probeAccel}. */
export type ProbeAccelOptions = {
  qemuBinary?: string;
  /**
   * Give up after this many milliseconds (default 3000). A working KVM runs the test guest
   * in ~0.1 s; nested KVM on some hosts spins in system time for seconds or forever.
   */
  timeoutMs?: number;
};

// A 512-byte boot sector: `mov al,1; out 0xf4,al; hlt; jmp $-1` + the 0x55AA signature.
// QEMU's isa-debug-exit device at 0xf4 turns the write into exit status (1 << 1) | 1 = 3.
const bootSector = (() => {
  const sector = Buffer.alloc(512);
  Buffer.from([0xb0, 0x01, 0xe6, 0xf4, 0xf4, 0xeb, 0xfd]).copy(sector);
  sector[510] = 0x55;
  sector[511] = 0xaa;
  return sector;
})();

/**
 * Boots a one-instruction guest with `accel` and reports whether it ran to its end in time.
 * Starting QEMU is not enough proof: here `/dev/kvm` opens, but with `-cpu host` QEMU
 * aborts on an MSR and with the default CPU the guest crawls.
 *
 * @example const kvm = await probeAccel("kvm", { timeoutMs: 3000 });
 */
export async function probeAccel(
  accel: QemuAccel,
  options: ProbeAccelOptions = {},
): Promise<AccelProbeResult> {
  const started = performance.now();
  const result = (usable: boolean, reason?: string): AccelProbeResult => ({
    accel,
    usable,
    ...(reason === undefined ? {} : { reason }),
    elapsedMs: Math.round(performance.now() - started),
  });
  if (accel === "kvm") {
    try {
      await access("/dev/kvm", constants.R_OK | constants.W_OK);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return result(
        false,
        code === "ENOENT" ? "/dev/kvm does not exist" : `cannot open /dev/kvm (${code})`,
      );
    }
  }
  const timeoutMs = options.timeoutMs ?? 3000;
  const dir = await mkdtemp(join(tmpdir(), "golem-accel-probe-"));
  try {
    const image = join(dir, "boot.img");
    await writeFile(image, bootSector);
    const args = [
      ...(accel === "kvm" ? ["-accel", "kvm", "-cpu", "host"] : ["-accel", "tcg", "-cpu", "max"]),
      "-nodefaults",
      "-display",
      "none",
      "-m",
      "16M",
      "-device",
      "isa-debug-exit,iobase=0xf4,iosize=0x04",
      "-drive",
      `file=${image},format=raw,if=ide`,
    ];
    const outcome = await new Promise<{
      code: number | null;
      signal: string | null;
      stderr: string;
      timedOut: boolean;
      missing: boolean;
    }>((resolve) => {
      const child = execFile(
        options.qemuBinary ?? "qemu-system-x86_64",
        args,
        { timeout: timeoutMs, killSignal: "SIGKILL", encoding: "utf8" },
        (error, _stdout, stderr) => {
          const err = error as
            | (NodeJS.ErrnoException & { killed?: boolean; signal?: string })
            | null;
          resolve({
            code: child.exitCode,
            signal: err?.signal ?? null,
            stderr,
            timedOut: Boolean(err?.killed && err.signal === "SIGKILL"),
            missing: err?.code === "ENOENT",
          });
        },
      );
    });
    if (outcome.code === 3) return result(true);
    if (outcome.timedOut) {
      return result(
        false,
        `a test guest did not finish within ${timeoutMs} ms under ${accel} (nested virtualization?)`,
      );
    }
    if (outcome.missing)
      return result(false, `${options.qemuBinary ?? "qemu-system-x86_64"} is not installed`);
    const firstError = outcome.stderr.split("\n").find((l) => l.trim() && !l.includes("warning:"));
    const how = outcome.signal ? `was killed by ${outcome.signal}` : `exited with ${outcome.code}`;
    return result(
      false,
      `QEMU ${how} running a test guest under ${accel}${firstError ? `: ${firstError}` : ""}`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
