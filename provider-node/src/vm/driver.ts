import type { KernelForwards } from "../net/isolated-network.ts";
import type { HostKeyPair } from "./host-keys.ts";
import { VmError } from "./vm-error.ts";

/** A VM's id: lowercase letters, digits and hyphens, 1–48 characters, starting with a letter or digit. */
export type VmId = string & { readonly __brand: "VmId" };

const vmIdPattern = /^[a-z0-9][a-z0-9-]{0,47}$/;

/**
 * Checks that `value` is a valid {@link VmId}; ids become directory and host names, so
 * nothing else is accepted.
 */
export function parseVmId(value: string): VmId {
  if (!vmIdPattern.test(value)) {
    throw new VmError("VM_INVALID_SPEC", `VM id ${JSON.stringify(value)} is not valid`, {
      hints: ["Use 1–48 lowercase letters, digits and hyphens, starting with a letter or digit."],
    });
  }
  return value as VmId;
}

/** What a requestor rented: the resources, the key that may log in, and where SSH is forwarded. */
export type VmSpec = {
  id: VmId;
  /** Virtual CPUs. */
  cpu: number;
  /** Guest memory in MiB. */
  memoryMiB: number;
  /** Root disk size in GiB. */
  storageGiB: number;
  /** One OpenSSH public key line, installed for the user `golem`. */
  sshPublicKey: string;
  /** Optional requestor cloud-config (`#cloud-config` YAML), merged after the node's own. */
  cloudInit?: string;
  /**
   * The guest's SSH host keys, made by the node (see `createHostKeyStore`); the driver gives
   * them to the guest at its first boot and keeps them only where the guest's seed is (secret).
   * Unset: the guest makes its own.
   */
  sshHostKeys?: readonly HostKeyPair[];
  /** Host port on 127.0.0.1 that the driver forwards to the guest's port 22 (allocated by the caller). */
  sshHostPort: number;
  /**
   * Guest ports published besides SSH. A driver that forwards `sshHostPort` forwards each
   * `hostPort` on 127.0.0.1 to its `guestPort` the same way; a driver whose guests have an
   * address of their own (its SSH endpoint is `<guest>:22`) ignores these: the node reaches
   * `<guest>:guestPort` directly.
   */
  publishedPorts?: Array<{ guestPort: number; hostPort: number }>;
};

/** Lifecycle state as the driver sees it; `running` means the hypervisor runs it, not that SSH answers yet. */
export type VmState = "running" | "stopped" | "missing";

/** A host and port that reach the guest's SSH server. */
export type SshEndpoint = { host: string; port: number };

type KnownVmStatus = {
  id: VmId;
  /** Where the guest's SSH server is reached from the host (the node forwards its public port here). */
  sshEndpoint: SshEndpoint;
  /** The hypervisor's own word for the state (QMP `running`, Multipass `Starting`, …), for logs. */
  hypervisorState?: string;
};

/** A VM whose hypervisor runs it (SSH may not answer yet). */
export type RunningVmStatus = KnownVmStatus & {
  state: "running";
  /** Hypervisor process id (drivers with a process per VM). */
  pid?: number;
};

/** A VM that exists with its disk but does not run. */
export type StoppedVmStatus = KnownVmStatus & { state: "stopped" };

/** What {@link VmDriver.inspect} reports about one VM; a missing VM has nothing but its id. */
export type VmStatus = RunningVmStatus | StoppedVmStatus | { id: VmId; state: "missing" };

/**
 * What a running VM uses, as the host sees it (no guest agent is needed). Counters are
 * totals since the hypervisor started; `usagePercent` is measured over `sampleWindowMs`.
 */
export type VmStats = {
  cpu: {
    /** Virtual CPUs the VM has. */
    count: number;
    /** Share of the VM's CPUs in use over the sample window, 0–100. */
    usagePercent: number;
    /** CPU time the hypervisor used since it started (seconds); null when it does not say. */
    timeSeconds: number | null;
  };
  memory: {
    /** Memory the VM has (MiB). */
    totalMiB: number;
    /** Host memory the VM holds (the hypervisor's resident set, or the guest's report) (MiB). */
    usedMiB: number;
  };
  disk: {
    /** Size of the VM's disk (GiB). */
    totalGiB: number;
    /** Bytes the disk takes on the host (the overlay's allocated size, or the guest's used space). */
    usedBytes: number;
    /** Bytes the guest read from its disk since boot; null when the hypervisor does not say. */
    readBytes: number | null;
    /** Bytes the guest wrote to its disk since boot; null when the hypervisor does not say. */
    writeBytes: number | null;
  };
  /** How long the CPU usage was measured over (ms; 60 000 for a guest's 1-minute load average). */
  sampleWindowMs: number;
};

/** How {@link VmDriver.stop} stops a guest. */
export type VmStopOptions = {
  /**
   * How long the guest may take to shut down on its own (ACPI power button) before it is forced
   * off, in ms; the driver's own default when unset. A guest that ignores ACPI holds a stop this long.
   */
  gracefulTimeoutMs?: number;
};

/** Whether a driver can run on this host and, when not, why. */
export type DriverProbe = {
  usable: boolean;
  /** Why the driver is not usable, or a note on a degraded mode (e.g. TCG instead of KVM). */
  reason?: string;
  /** Facts found while probing (versions, accelerator, paths). */
  details: Record<string, unknown>;
};

/**
 * A small VM driver, modelled on Nomad's: a handful of methods, every one idempotent
 * where it can be, and `list()` so a restarted node re-adopts what runs.
 * Errors are {@link VmError}s (`VM_NOT_FOUND`, `VM_ALREADY_EXISTS`, `VM_INVALID_SPEC`,
 * `VM_START_FAILED`, `DRIVER_UNAVAILABLE`, …); the service maps them to `GolemError`s.
 */
export interface VmDriver {
  readonly name: string;
  /** Whether this driver can run here, with the reason when not. Cached after the first call. */
  probe(): Promise<DriverProbe>;
  /** Creates the VM's disk and seed and starts it. Fails with `VM_ALREADY_EXISTS` if the id is taken. */
  create(spec: VmSpec): Promise<VmStatus>;
  /** Starts a stopped VM with the same disk; a running VM is left as is. */
  start(id: VmId): Promise<VmStatus>;
  /** Shuts the guest down cleanly, forcing it off after a timeout; the disk is kept. */
  stop(id: VmId, options?: VmStopOptions): Promise<VmStatus>;
  /** Stops the VM and removes everything it owns. Destroying a missing VM is a no-op. */
  destroy(id: VmId): Promise<void>;
  /** The VM's current state; `missing` when the driver knows no such VM. */
  inspect(id: VmId): Promise<VmStatus>;
  /** Every VM this driver owns on this host, running or stopped. */
  list(): Promise<VmStatus[]>;
  /**
   * What a running VM uses now (optional: a driver that cannot measure leaves it out).
   * Fails with `VM_NOT_RUNNING` when the VM does not run, `VM_NOT_FOUND` when it is missing.
   */
  stats?(id: VmId): Promise<VmStats>;
  /**
   * The last `maxBytes` the guest wrote to its serial console (optional: a driver without a
   * console leaves it out). The host keeps a bounded amount, so older output may be gone.
   * Fails with `VM_NOT_FOUND` when the VM is missing.
   */
  console?(id: VmId, maxBytes: number): Promise<Buffer>;
  /**
   * Kernel forwarding of public ports to this driver's guests (optional: QEMU in isolated
   * mode); the node's forward table publishes running VMs' SSH ports through it.
   */
  readonly kernelForwards?: KernelForwards;
}
