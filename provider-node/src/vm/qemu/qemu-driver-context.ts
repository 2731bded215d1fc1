import type { QemuAccel } from "./qemu-args.ts";
import type { QemuImage, QemuVmStore } from "./qemu-vm-store.ts";

/**
 * What the QEMU driver's operations share, built once by `createQemuDriver` from its
 * options (defaults already applied).
 */
export type QemuDriverContext = {
  /** The `qemu-system-x86_64` executable. */
  qemuBinary: string;
  /** The `qemu-img` executable. */
  qemuImgBinary: string;
  /** Base image of new VMs: only the fields a VM needs. */
  image: QemuImage;
  store: QemuVmStore;
  /** The accelerator VMs start with (probes once; `DRIVER_UNAVAILABLE` when none works). */
  accel: () => Promise<QemuAccel>;
  /** Keep guests off the outside network; the SSH forward still works. */
  restrictNetwork: boolean | undefined;
  /** How long a clean shutdown may take before the VM is forced off, in ms. */
  stopTimeoutMs: number;
  log: (line: string) => void;
};
