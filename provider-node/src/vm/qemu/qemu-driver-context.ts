import type { GuestNetworkMode } from "../../net/guest-network-mode.ts";
import type { IsolatedNetwork } from "../../net/isolated-network.ts";
import type { VmId } from "../driver.ts";
import type { SnapshotPool } from "../snapshot/snapshot-pool.ts";
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
  /** The guest network VMs start with (decided once; sets the isolated network up when chosen). */
  guestNetwork: () => Promise<GuestNetworkMode>;
  /** The node's bridge, taps and nftables table (used only in isolated mode). */
  isolated: IsolatedNetwork;
  /** Guest DNS servers in isolated mode (no resolver of the host's is reachable). */
  nameservers: string[];
  /** Picks a free bridge address for a new VM; one pick at a time, never one another VM holds. */
  allocateAddress: (id: VmId) => Promise<string>;
  /** How long a clean shutdown may take before the VM is forced off, in ms. */
  stopTimeoutMs: number;
  /** Saved machines new VMs are restored from when one fits (unset: every VM boots cold). */
  snapshots?: SnapshotPool;
  log: (line: string) => void;
};
