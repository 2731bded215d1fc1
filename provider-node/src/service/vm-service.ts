import { randomBytes } from "node:crypto";
import type { DatabaseSync } from "node:sqlite";
import { GolemError } from "@vm-on-golem/sdk/errors/golem-error";
import type { Address } from "viem";
import { createForwardTable, localAddressOf } from "../net/forward-table.ts";
import { createPortPool, type PortRange } from "../net/port-pool.ts";
import type { CheckedStream, StreamPaymentProof } from "../payments/check-paid-stream.ts";
import type { ResourceAmounts } from "../resources/host-resources.ts";
import {
  checkFits,
  computeResourceBudget,
  type ResourcePolicy,
} from "../resources/resource-budget.ts";
import { createCreateJournal } from "../state/create-journal.ts";
import { inTransaction } from "../state/transaction.ts";
import { createVmStore, type VmRecord, type VmRecordStatus } from "../state/vm-store.ts";
import { parseVmId, type VmDriver } from "../vm/driver.ts";
import { stopWatching, watchBanner } from "./banner-watch.ts";
import { createKeyedQueue } from "./keyed-queue.ts";
import { provisionVm } from "./provision-vm.ts";
import { recoverVms } from "./recover-vms.ts";
import type { VmServiceContext, VmServiceHooks } from "./service-context.ts";
import { sshEndpointOf } from "./ssh-endpoint-of.ts";
import { errorText, toGolemError } from "./to-golem-error.ts";
import { parseVmName } from "./vm-name.ts";

/** Options of {@link createVmService}. */
export type CreateVmServiceOptions = {
  db: DatabaseSync;
  driver: VmDriver;
  ssh: {
    /** Address public SSH forwards bind. */
    bindHost: string;
    publicRange: PortRange;
    /** 127.0.0.1 ports handed to the driver for its forward to the guest's port 22. */
    hostRange: PortRange;
    /** How long a VM may take until SSH answers on its public port (ms). */
    bannerTimeoutMs: number;
    isBindable?: (host: string, port: number) => Promise<boolean>;
  };
  /** The host's totals (the daemon reads them once per call; tests pass constants). */
  hostResources: () => Promise<ResourceAmounts>;
  policy: ResourcePolicy;
  hooks?: VmServiceHooks;
  /** When set, every create must be paid by a stream that passes `check` (payments enabled). */
  payments?: VmPayments | undefined;
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
};

/** What a requestor asks for. */
export type CreateVmParameters = {
  name: string;
  cpu: number;
  memoryGib: number;
  storageGib: number;
  sshPublicKey: string;
  cloudInit?: string | undefined;
  /** The offer and stream paying for the VM (required when payments are enabled). */
  payment?: StreamPaymentProof | undefined;
};

/**
 * The node's VM orchestrator: admission (name, resources, ports), journaled creates,
 * stop / start / destroy with state checks, and recovery after a restart. `owner`
 * arguments limit every call to that account's VMs (others' look missing); the operator
 * passes none.
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
  const forwards = createForwardTable({ bindHost: options.ssh.bindHost, log });
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
    ports,
    forwards,
    queue: createKeyedQueue(),
    bannerHost: localAddressOf(options.ssh.bindHost),
    bannerTimeoutMs: options.ssh.bannerTimeoutMs,
    watchers: new Map(),
    tasks: new Set(),
    shutdown: shutdown.signal,
    hooks: options.hooks ?? {},
    log,
    now: options.now ?? Date.now,
  };

  const budget = async () =>
    computeResourceBudget(await options.hostResources(), policy, vms.reservations());

  /** The VM `id` if `owner` may see it; `VM_NOT_FOUND` alike for missing and not-yours. */
  const visible = (id: string, owner?: Address): VmRecord => {
    const vm = vms.get(id);
    if (!vm || (owner !== undefined && vm.owner !== owner.toLowerCase())) {
      throw new GolemError("VM_NOT_FOUND", `VM ${id} does not exist`, { details: { id } });
    }
    return vm;
  };

  const requireState = (vm: VmRecord, action: string, allowed: VmRecordStatus[]) => {
    const holds = vms.holdsPorts(vm.id);
    if (!allowed.includes(vm.status) || (vm.status === "failed" && !holds)) {
      throw new GolemError(
        "VM_INVALID_STATE",
        `VM ${vm.id} is ${vm.status}; it cannot ${action} now`,
        {
          hints: [
            vm.status === "failed" && !holds
              ? "its create failed and it holds nothing; destroy it and create a new one"
              : `${action} works when the VM is ${allowed.join(" or ")}`,
          ],
          details: { id: vm.id, status: vm.status },
        },
      );
    }
  };

  /** The on-chain stream check, before any VM work; undefined when payments are off. */
  const checkPayment = async (owner: Address, parameters: CreateVmParameters) => {
    if (!options.payments) return undefined;
    if (!parameters.payment) {
      throw new GolemError("OFFER_INVALID", "this provider is paid: send offer and streamId", {
        hints: [
          "request an offer (POST /api/v1/offers), open a stream with its serviceId, then send both",
        ],
      });
    }
    return options.payments.check(owner, parameters.payment, {
      cpu: parameters.cpu,
      memoryGiB: parameters.memoryGib,
      storageGiB: parameters.storageGib,
    });
  };

  const track = <T>(promise: Promise<T>) => {
    ctx.tasks.add(promise);
    void promise.catch(() => {}).finally(() => ctx.tasks.delete(promise));
    return promise;
  };

  return {
    /** The driver's name. */
    driverName: driver.name,

    /** Admits and reserves a VM, then creates it in the background; returns the `creating` row. */
    async createVm(owner: Address, parameters: CreateVmParameters): Promise<VmRecord> {
      const name = parseVmName(parameters.name);
      const request = {
        cpu: parameters.cpu,
        memoryMib: Math.round(parameters.memoryGib * 1024),
        storageGib: parameters.storageGib,
      };
      const paid = await checkPayment(owner, parameters);
      // Admission runs one at a time so two creates cannot both take the last resources.
      const vm = await ctx.queue.run("admission", async () => {
        if (vms.findByName(owner, name)) {
          throw new GolemError("VM_NAME_TAKEN", `you already have a VM named ${name}`, {
            details: { name },
          });
        }
        checkFits(request, await budget(), policy);
        const id = `vm-${randomBytes(6).toString("hex")}`;
        await ctx.hooks.checkpoint?.(id, "before-reserve");
        const lease = await ports.lease();
        try {
          const now = ctx.now();
          const record: VmRecord = {
            id,
            name,
            owner: owner.toLowerCase() as Address,
            status: "creating",
            ...request,
            sshPort: lease.sshPort,
            hostPort: lease.hostPort,
            sshPublicKey: parameters.sshPublicKey.trim(),
            cloudInit: parameters.cloudInit ?? null,
            streamId: paid?.streamId ?? null,
            error: null,
            createdAt: now,
            updatedAt: now,
          };
          inTransaction(db, () => {
            ctx.journal.start(id, "reserve", { ports: [lease.sshPort, lease.hostPort] });
            if (paid) options.payments?.claim(paid, id);
            vms.insertWithPorts(record);
            ctx.journal.done(id, "reserve");
          });
          return record;
        } finally {
          lease.release();
        }
      });
      log(
        `VM ${vm.id} (${name}) reserved for ${vm.owner}: ssh port ${vm.sshPort}${vm.streamId ? `, stream ${vm.streamId}` : ""}`,
      );
      track(ctx.queue.run(vm.id, () => provisionVm(ctx, vm)));
      return vm;
    },

    /** Every VM (the operator) or `owner`'s, oldest first. */
    listVms(owner?: Address): VmRecord[] {
      return vms.list(owner);
    },

    /** One VM; `VM_NOT_FOUND` when it does not exist or `owner` does not own it. */
    getVm(id: string, owner?: Address): VmRecord {
      return visible(id, owner);
    },

    /** Shuts a VM down and closes its forward; the disk and ports stay. Returns the row. */
    async stopVm(id: string, owner?: Address): Promise<VmRecord> {
      visible(id, owner);
      return ctx.queue.run(id, async () => {
        const vm = visible(id, owner);
        requireState(vm, "stop", ["running", "starting", "failed"]);
        stopWatching(ctx, id);
        vms.setStatus(id, "stopping", null, ctx.now());
        try {
          await driver.stop(parseVmId(id));
        } catch (error) {
          vms.setStatus(id, "failed", `stop failed: ${errorText(error)}`, ctx.now());
          throw toGolemError(error, `could not stop VM ${id}`);
        }
        await forwards.close(id);
        log(`VM ${id} stopped`);
        return vms.setStatus(id, "stopped", null, ctx.now()) as VmRecord;
      });
    },

    /** Starts a stopped VM on its same ports; returns the row, `starting` until SSH answers. */
    async startVm(id: string, owner?: Address): Promise<VmRecord> {
      visible(id, owner);
      return ctx.queue.run(id, async () => {
        const vm = visible(id, owner);
        requireState(vm, "start", ["stopped", "failed"]);
        vms.setStatus(id, "starting", null, ctx.now());
        try {
          const started = await driver.start(parseVmId(id));
          await forwards.open(id, vm.sshPort, await sshEndpointOf(ctx, parseVmId(id), started));
        } catch (error) {
          vms.setStatus(id, "failed", `start failed: ${errorText(error)}`, ctx.now());
          throw toGolemError(error, `could not start VM ${id}`);
        }
        watchBanner(ctx, id, vm.sshPort);
        return vms.get(id) as VmRecord;
      });
    },

    /** Destroys a VM in any state: forward, driver VM, row and ports. */
    async destroyVm(id: string, owner?: Address): Promise<void> {
      visible(id, owner);
      return ctx.queue.run(id, async () => {
        visible(id, owner);
        stopWatching(ctx, id);
        vms.setStatus(id, "destroying", null, ctx.now());
        await forwards.close(id);
        try {
          await driver.destroy(parseVmId(id));
        } catch (error) {
          vms.setStatus(
            id,
            "destroying",
            `destroy failed, will retry: ${errorText(error)}`,
            ctx.now(),
          );
          throw toGolemError(error, `could not destroy VM ${id}`);
        }
        inTransaction(db, () => {
          vms.delete(id);
          ctx.journal.clear(id);
        });
        log(`VM ${id} destroyed`);
      });
    },

    /** Whether a VM holds its ports (false only for a create that failed and was undone). */
    holdsPorts: (id: string) => vms.holdsPorts(id),

    /** Re-adopts, rolls back and cleans up after a restart; see {@link recoverVms}. */
    recover: () => recoverVms(ctx),

    /** Totals, limits, reservations and what is free. */
    budget,

    /** Throws what admission would for these resources now (below minimum, does not fit). */
    async checkResources(resources: { cpu: number; memoryGib: number; storageGib: number }) {
      const request = {
        cpu: resources.cpu,
        memoryMib: Math.round(resources.memoryGib * 1024),
        storageGib: resources.storageGib,
      };
      checkFits(request, await budget(), policy);
    },

    /** Every port VMs hold (public and host). */
    allocatedPorts: () => vms.ports().map((p) => p.port),

    /** Public SSH port range usage. */
    portUsage: () => ports.publicUsage(),

    /** Live forwards (tests simulate a node crash with `forwards.closeAll()`). */
    forwards,

    /** Stops background work and every forward; the VMs keep running in the driver. */
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
