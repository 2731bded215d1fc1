import type { DriverProbe } from "../driver.ts";
import { VmError } from "../vm-error.ts";
import { type ProbeQemuParameters, type ProbeQemuReturnType, probeQemu } from "./probe-qemu.ts";
import type { QemuAccel } from "./qemu-args.ts";

/** What {@link createQemuAccel} returns. */
export type QemuAccelProbe = {
  /** Whether the driver can run here, without the accelerator (the driver interface's probe). */
  probe(): Promise<DriverProbe>;
  /** The accelerator VMs start with; `DRIVER_UNAVAILABLE` when the driver cannot run here. */
  accel(): Promise<QemuAccel>;
};

/**
 * Probes QEMU once, on first use, and shares the answer: `probe()` for the node's status and
 * `accel()` for every VM start.
 *
 * @example
 * const { accel } = createQemuAccel({ qemuBinary, qemuImgBinary, image, accel: "auto", log });
 * const args = buildQemuArgs(spec, paths, { accel: await accel() });
 */
export function createQemuAccel(parameters: ProbeQemuParameters): QemuAccelProbe {
  let probed: Promise<ProbeQemuReturnType> | undefined;
  const probeOnce = () => {
    probed ??= probeQemu(parameters);
    return probed;
  };
  return {
    probe: async () => {
      const { accel: _accel, ...result } = await probeOnce();
      return result;
    },
    accel: async () => {
      const result = await probeOnce();
      if (!result.usable || !result.accel) {
        throw new VmError(
          "DRIVER_UNAVAILABLE",
          `The QEMU driver cannot run here: ${result.reason}`,
          {
            hints: ["Install qemu-system-x86, qemu-utils and xorriso, and build the base image."],
            details: result.details,
          },
        );
      }
      return result.accel;
    },
  };
}
