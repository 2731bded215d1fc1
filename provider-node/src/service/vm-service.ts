import type { DatabaseSync } from "node:sqlite";
import type { Address } from "viem";
import { createForwardTable, type ForwardLimits, localAddressOf } from "../net/forward-table.ts";
import { createPortPool, type PortRange } from "../net/port-pool.ts";
import type { CheckedStream, StreamPaymentProof } from "../payments/check-paid-stream.ts";
import type { StreamSettlement } from "../payments/settle-vm-stream.ts";
import type { ResourceAmounts } from "../resources/host-resources.ts";
import {
  checkFits,
  computeResourceBudget,
  type ResourcePolicy,
} from "../resources/resource-budget.ts";
import { createCreateJournal } from "../state/create-journal.ts";
import { createVmStore, type VmRecord } from "../state/vm-store.ts";
import type { VmDriver, VmStats, VmStopOptions } from "../vm/driver.ts";
import type { HostKeyStore } from "../vm/host-keys.ts";
import { createVm, requestOf } from "./create-vm.ts";
import { createKeyedQueue } from "./keyed-queue.ts";
import { recoverVms } from "./recover-vms.ts";
import type { VmServiceContext, VmServiceHooks } from "./service-context.ts";
import { visibleVm } from "./vm-access.ts";
import { readVmConsole } from "./vm-console.ts";
import { checkVmHealth, startHealthChecks } from "./vm-health.ts";
import { destroyVm, startVm, stopVm } from "./vm-lifecycle.ts";
import { readVmStats } from "./vm-stats.ts";

/** Options of {@link createVmService}. */
export type CreateVmServiceOptions = {
  db: DatabaseSync;
  driver: VmDriver;
  /** Makes and keeps each VM's SSH host keys (the daemon's `<dataDir>/host-keys`); unset: not pinned. */
  hostKeys?: HostKeyStore | undefined;
  ssh: {
    /** Address public SSH forwards bind. */
    bindHost: string;
    publicRange: PortRange;
    /** 127.0.0.1 ports handed to the driver for its forward to the guest's port 22. */
    hostRange: PortRange;
    /** How long a VM may take until SSH answers on its public port (ms). */
    bannerTimeoutMs: number;
    /** Idle timeout and connection caps of every public forward (the forwarder's defaults where unset). */
    limits?: ForwardLimits;
    isBindable?: (host: string, port: number) => Promise<boolean>;
  };
  /** The host's totals (the daemon reads them once per call; tests pass constants). */
  hostResources: () => Promise<ResourceAmounts>;
  policy: ResourcePolicy;
  hooks?: VmServiceHooks;
  /** When set, every create must be paid by a stream that passes `check` (payments enabled). */
  payments?: VmPayments | undefined;
  /** Most guest ports one VM may publish besides SSH; unset: none. */
  maxPublishedPorts?: number | undefined;
  /** How often running VMs are checked for a hypervisor that died (ms); 0 or unset: never. */
  healthIntervalMs?: number | undefined;
  log?: (line: string) => void;
  now?: () => number;
};

/** How the service admits paid creates; built from the node's payment settings. */
export type VmPayments = {
  /** Checks the paying stream on chain; throws its code when it does not pay. Writes nothing. */
  check(
    owner: Address,
    proof: StreamPaymentProof,
    resources: { cpu: number; memoryGiB: number; storageGiB: number },
  ): Promise<CheckedStream>;
  /** Marks the stream's offer used by `vmId`; runs inside the reserve transaction. */
  claim(checked: CheckedStream, vmId: string): void;
  /** Checks on chain that the VM's stream can pay for it to run; throws its code when not. */
  checkStart(vm: VmRecord): Promise<void>;
  /** Closes the stream of a VM about to be destroyed; throws (and the VM is kept) when it cannot. */
  settle(vm: VmRecord): Promise<StreamSettlement | undefined>;
};

/** What a requestor asks for. */
export type CreateVmParameters = {
  name: string;
  cpu: number;
  memoryGib: number;
  storageGib: number;
  sshPublicKey: string;
  cloudInit?: string | undefined;
  /** Guest ports to publish besides SSH, each on a public port of the SSH range. */
  ports?: number[] | undefined;
  /** The offer and stream paying for the VM (required when payments are enabled). */
  payment?: StreamPaymentProof | undefined;
};

/**
 * The node's VM orchestrator: admission (name, resources, ports), journaled creates,
 * stop / start / destroy with state checks, and recovery after a restart. `owner`
 * arguments limit every call to that account's VMs (others' look missing); the operator
 * passes none. Each concern lives in its own file; this one wires them to one context.
 *
 * @example
 * const service = createVmService({ db, driver, ssh, hostResources, policy });
 * await service.recover();
 * const vm = await service.createVm(address, { name: "web", cpu: 1, memoryGib: 1, storageGib: 10, sshPublicKey });
 */
export function createVmService(options: CreateVmServiceOptions) {
  const { db, driver, policy } = options;
  const vms = createVmStore(db);
  const log = options.log ?? (() => {});
  const shutdown = new AbortController();
  const forwards = createForwardTable({
    bindHost: options.ssh.bindHost,
    kernel: driver.kernelForwards,
    ...(options.ssh.limits ? { limits: options.ssh.limits } : {}),
    log,
  });
  const ports = createPortPool({
    publicRange: options.ssh.publicRange,
    publicHost: options.ssh.bindHost,
    hostRange: options.ssh.hostRange,
    allocated: () => vms.ports().map((p) => p.port),
    ...(options.ssh.isBindable ? { isBindable: options.ssh.isBindable } : {}),
  });
  const ctx: VmServiceContext = {
    db,
    vms,
    journal: createCreateJournal(db),
    driver,
    hostKeys: options.hostKeys,
    ports,
    forwards,
    queue: createKeyedQueue(),
    bannerHost: localAddressOf(options.ssh.bindHost),
    bannerTimeoutMs: options.ssh.bannerTimeoutMs,
    watchers: new Map(),
    tasks: new Set(),
    shutdown: shutdown.signal,
    hooks: options.hooks ?? {},
    checkStart: options.payments?.checkStart,
    settle: options.payments?.settle,
    log,
    now: options.now ?? Date.now,
  };

  const budget = async () =>
    computeResourceBudget(await options.hostResources(), policy, vms.reservations());

  const track = <T>(promise: Promise<T>) => {
    ctx.tasks.add(promise);
    void promise.catch(() => {}).finally(() => ctx.tasks.delete(promise));
    return promise;
  };
  const admission = {
    policy,
    budget,
    payments: options.payments,
    maxPublishedPorts: options.maxPublishedPorts ?? 0,
    track,
  };
  if (options.healthIntervalMs) startHealthChecks(ctx, options.healthIntervalMs);

  return {
    /** The driver's name. */
    driverName: driver.name,

    /** Admits and reserves a VM, then creates it in the background; returns the `creating` row. */
    createVm: (owner: Address, parameters: CreateVmParameters): Promise<VmRecord> =>
      createVm(ctx, admission, owner, parameters),

    /** Every VM (the operator) or `owner`'s, oldest first. */
    listVms: (owner?: Address): VmRecord[] => vms.list(owner),

    /** One VM; `VM_NOT_FOUND` when it does not exist or `owner` does not own it. */
    getVm: (id: string, owner?: Address): VmRecord => visibleVm(ctx, id, owner),

    /** What a running VM uses now (cpu, memory, disk); see {@link readVmStats}. */
    vmStats: (id: string, owner?: Address): Promise<VmStats> => readVmStats(ctx, id, owner),

    /** The last `maxBytes` of a VM's serial console; see {@link readVmConsole}. */
    vmConsole: (id: string, maxBytes: number, owner?: Address): Promise<Buffer> =>
      readVmConsole(ctx, id, maxBytes, owner),

    /** Shuts a VM down (its port stays held, its disk kept); returns the row. See {@link stopVm}. */
    stopVm: (id: string, owner?: Address, stopOptions?: VmStopOptions): Promise<VmRecord> =>
      stopVm(ctx, id, owner, stopOptions),

    /**
     * Starts a stopped VM on its same ports; a paid one only while its stream has more runway
     * than the stop threshold. Returns the row, `starting` until SSH answers.
     */
    startVm: (id: string, owner?: Address): Promise<VmRecord> => startVm(ctx, id, owner),

    /** Closes a paid VM's stream, then destroys the VM in any state: forward, driver VM, row and ports. */
    destroyVm: (id: string, owner?: Address): Promise<StreamSettlement | undefined> =>
      destroyVm(ctx, id, owner),

    /** Whether a VM holds its ports (false only for a create that failed and was undone). */
    holdsPorts: (id: string) => vms.holdsPorts(id),

    /** Re-adopts, rolls back and cleans up after a restart; see {@link recoverVms}. */
    recover: () => recoverVms(ctx),

    /** One health pass now (the timer runs them every `healthIntervalMs`); see {@link checkVmHealth}. */
    checkHealth: () => checkVmHealth(ctx),

    /** Totals, limits, reservations and what is free. */
    budget,

    /** Throws what admission would for these resources now (below minimum, does not fit). */
    async checkResources(resources: { cpu: number; memoryGib: number; storageGib: number }) {
      checkFits(requestOf(resources), await budget(), policy);
    },

    /** Every port VMs hold (public and host). */
    allocatedPorts: () => vms.ports().map((p) => p.port),

    /** Public SSH port range usage. */
    portUsage: () => ports.publicUsage(),

    /** Public ports, forwarding or held (tests simulate a node crash with `forwards.closeAll()`). */
    forwards,

    /** Stops background work and lets go of every public port; the VMs keep running in the driver. */
    async close(): Promise<void> {
      shutdown.abort();
      for (const controller of ctx.watchers.values()) controller.abort();
      await Promise.allSettled([...ctx.tasks]);
      await ctx.queue.idle();
      await forwards.closeAll();
    },
  };
}

/** The service returned by {@link createVmService}. */
export type VmService = ReturnType<typeof createVmService>;
