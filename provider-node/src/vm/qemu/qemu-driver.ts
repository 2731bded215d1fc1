import type { GuestNetworkChoice, GuestNetworkMode } from "../../net/guest-network-mode.ts";
import {
  createIsolatedNetwork,
  freeGuestAddress,
  type IsolatedNetworkConfig,
  type KernelForwards,
} from "../../net/isolated-network.ts";
import type { VmDriver, VmId } from "../driver.ts";
import { createSnapshotPool } from "../snapshot/snapshot-pool.ts";
import { VmError } from "../vm-error.ts";
import { createQemuAccel } from "./qemu-accel.ts";
import type { QemuAccel } from "./qemu-args.ts";
import { createQemuVm } from "./qemu-create-vm.ts";
import type { QemuDriverContext } from "./qemu-driver-context.ts";
import { migrateLegacyVms } from "./qemu-migrate-legacy.ts";
import { drainRunningConsoles, readQemuVmConsole } from "./qemu-vm-console.ts";
import { destroyQemuVm, startQemuVm, stopQemuVm } from "./qemu-vm-lifecycle.ts";
import { createVmQueue } from "./qemu-vm-queue.ts";
import { inspectQemuVm, qemuVmStats } from "./qemu-vm-status.ts";
import { createQemuVmStore, type QemuImage } from "./qemu-vm-store.ts";
import { previewGuestNetwork, resolveGuestNetwork } from "./resolve-guest-network.ts";

/** Options of {@link createQemuDriver}. */
export type QemuDriverOptions = {
  /**
   * VMs live in `<stateDir>/<id>/` (the older `<stateDir>/vms/<id>/` is migrated at `list()`).
   * Keep it short: the QMP socket path must fit in 107 bytes.
   */
  stateDir: string;
  /** Base image for new VMs (from `ensureBaseImage` or `ensureCloudImage`). */
  image: QemuImage;
  qemuBinary?: string;
  qemuImgBinary?: string;
  /** `auto` (default) uses KVM when a test guest runs under it in time, else TCG. */
  accel?: "auto" | QemuAccel;
  /** Limit for the KVM test guest in ms (default 3000). */
  kvmProbeTimeoutMs?: number;
  /**
   * `isolated`: a tap per VM on the node's bridge with nftables rules (needs CAP_NET_ADMIN;
   * falls back to `none` with the reason); `none` (default): QEMU user networking with
   * `restrict=on`, no egress. The mode in force is in `probe().details.network`.
   */
  network?: GuestNetworkChoice;
  /** Bridge, subnet and allowed extra egress of isolated mode (default bridge `golem0`, subnet `10.243.0.0/24`, none). */
  isolated?: Partial<IsolatedNetworkConfig>;
  /** DNS servers isolated guests use (default 1.1.1.1 and 9.9.9.9). */
  nameservers?: string[];
  /** How long a clean shutdown may take before the VM is forced off, in ms (default 90 000). */
  stopTimeoutMs?: number;
  /** How often running VMs' console rings are drained into their capped files, in ms (default 1000). */
  consoleDrainIntervalMs?: number;
  /**
   * Restore new VMs from a saved, booted machine of their shape when one fits (user
   * networking, no requestor cloud-config), saved in the background on first need under
   * `<cacheDir>/snapshots/`; needs the base image's recipe hash and kernel. Unset: off.
   */
  snapshots?: { cacheDir: string; recipeHash: string };
  log?: (line: string) => void;
};

/** The QEMU driver plus what its tests and the node's `status` need to see. */
export type QemuDriver = VmDriver & {
  /** The accelerator VMs start with (probes once). */
  accel(): Promise<QemuAccel>;
  /** Paths of one VM's files. */
  files: ReturnType<typeof createQemuVmStore>["files"];
  /** Kernel DNAT of public SSH ports to isolated guests (the node's forward table uses it). */
  kernelForwards: KernelForwards;
};

/**
 * Creates the QEMU driver: qcow2 overlays on a base image, a NoCloud seed, user-mode
 * networking with a host forward to port 22, the serial console in a bounded ring drained into
 * capped files, KVM when it works and TCG otherwise. QEMU
 * runs daemonized in its own session, so VMs outlive the node and `list()` re-adopts them.
 * Operations on one VM run one at a time, in the order they were called.
 *
 * @example
 * const image = await ensureBaseImage({ cacheDir });
 * const driver = createQemuDriver({ stateDir, image });
 * await driver.create({ id: parseVmId("vm-1"), cpu: 2, memoryMiB: 1024, storageGiB: 10, sshPublicKey, sshHostPort: 23800 });
 */
export function createQemuDriver(options: QemuDriverOptions): QemuDriver {
  const qemuBinary = options.qemuBinary ?? "qemu-system-x86_64";
  const qemuImgBinary = options.qemuImgBinary ?? "qemu-img";
  const log = options.log ?? (() => {});
  const store = createQemuVmStore(options.stateDir);
  // Only what the VM needs, whatever else the caller's image object carries.
  const image: QemuImage = {
    qcow2Path: options.image.qcow2Path,
    kernelPath: options.image.kernelPath,
  };
  const { probe, accel } = createQemuAccel({
    qemuBinary,
    qemuImgBinary,
    image,
    accel: options.accel ?? "auto",
    kvmProbeTimeoutMs: options.kvmProbeTimeoutMs,
    log,
  });
  const isolated = createIsolatedNetwork({
    bridge: options.isolated?.bridge ?? "golem0",
    subnet: options.isolated?.subnet ?? "10.243.0.0/24",
    allowEgress: options.isolated?.allowEgress ?? [],
    connectionLimits: options.isolated?.connectionLimits,
    idleTimeoutSeconds: options.isolated?.idleTimeoutSeconds,
  });
  let network: Promise<GuestNetworkMode> | undefined;
  const guestNetwork = () => {
    network ??= resolveGuestNetwork({
      requested: options.network ?? "none",
      isolated,
      knownTaps: async () => {
        const records = await Promise.all(
          (await store.listIds()).map((id) => store.readRecord(id)),
        );
        return new Set(records.flatMap((r) => (r?.network ? [r.network.tap] : [])));
      },
      log,
    });
    return network;
  };
  let allocating = Promise.resolve("");
  const allocateAddress = (id: VmId) => {
    allocating = allocating
      .catch(() => "")
      .then(async () => {
        const records = await Promise.all((await store.listIds()).map((i) => store.readRecord(i)));
        const used = records.flatMap((r) =>
          r?.network && r.spec.id !== id ? [r.network.address] : [],
        );
        const address = freeGuestAddress(isolated.subnet, [...used, ...reserved]);
        if (address === undefined) {
          throw new VmError(
            "VM_START_FAILED",
            `no free guest address is left in ${isolated.subnet}`,
            {
              hints: ["Destroy VMs, or configure a larger share of addresses (vms.subnet)."],
            },
          );
        }
        // Held until the VM's record names it (the next create reads it from there).
        reserved.add(address);
        setTimeout(() => reserved.delete(address), 60_000).unref();
        return address;
      });
    return allocating;
  };
  const reserved = new Set<string>();
  const { kernelPath } = image;
  const snapshots =
    options.snapshots && kernelPath
      ? createSnapshotPool({
          cacheDir: options.snapshots.cacheDir,
          image: { ...image, kernelPath, recipeHash: options.snapshots.recipeHash },
          accel,
          qemuBinary,
          qemuImgBinary,
          log,
        })
      : undefined;
  const context: QemuDriverContext = {
    qemuBinary,
    qemuImgBinary,
    image,
    store,
    accel,
    guestNetwork,
    isolated,
    nameservers: options.nameservers ?? ["1.1.1.1", "9.9.9.9"],
    allocateAddress,
    stopTimeoutMs: options.stopTimeoutMs ?? 90_000,
    ...(snapshots ? { snapshots } : {}),
    log,
  };
  const serialize = createVmQueue();
  // Keeps each running VM's console.log current; unref'd, so it never holds the process open.
  let draining = false;
  setInterval(() => {
    if (draining) return;
    draining = true;
    void drainRunningConsoles(store).finally(() => {
      draining = false;
    });
  }, options.consoleDrainIntervalMs ?? 1_000).unref();

  return {
    name: "qemu",
    probe: async () => {
      const result = await probe();
      // Reports the mode without setting anything up (`status` must not add a bridge): the
      // decided mode once a VM operation or list() decided it, else what would be decided.
      const mode = await (network ?? previewGuestNetwork(options.network ?? "none"));
      return { ...result, details: { ...result.details, network: mode } };
    },
    accel,
    files: store.files,
    kernelForwards: isolated.kernelForwards,
    create: (spec) => serialize(spec.id, () => createQemuVm(context, spec)),
    start: (id) => serialize(id, () => startQemuVm(context, id)),
    stop: (id, stopOptions) => serialize(id, () => stopQemuVm(context, id, stopOptions)),
    destroy: (id) => serialize(id, () => destroyQemuVm(context, id)),
    inspect: (id) => serialize(id, () => inspectQemuVm(store, id)),
    stats: (id) => serialize(id, () => qemuVmStats(store, id)),
    // Not queued: reading the console must not wait behind a long stop.
    console: (id, maxBytes) => readQemuVmConsole(store, id, maxBytes),
    list: async () => {
      // The node lists its VMs at start-up: the isolated network is set up and reconciled here.
      await guestNetwork();
      await migrateLegacyVms({ store, serialize, log });
      const statuses = await Promise.all(
        (await store.listIds()).map((id) => inspectQemuVm(store, id)),
      );
      return statuses.filter((s) => s.state !== "missing");
    },
  };
}
