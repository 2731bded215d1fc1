import { randomBytes } from "node:crypto";
import { checkPublishedPorts } from "@vm-on-golem/sdk/advert";
import { GolemError } from "@vm-on-golem/sdk/errors";
import type { Address } from "viem";
import type { ResourcePolicy } from "../resources/resource-budget.ts";
import { checkFits, type ResourceBudget } from "../resources/resource-budget.ts";
import { inTransaction } from "../state/transaction.ts";
import type { VmRecord } from "../state/vm-store.ts";
import { parseVmId } from "../vm/driver.ts";
import { provisionVm } from "./provision-vm.ts";
import type { VmServiceContext } from "./service-context.ts";
import { parseVmName } from "./vm-name.ts";
import type { CreateVmParameters, VmPayments } from "./vm-service.ts";

/** What admission needs besides the service's context. */
export type AdmissionDeps = {
  policy: ResourcePolicy;
  budget: () => Promise<ResourceBudget>;
  payments?: VmPayments | undefined;
  /** Most guest ports one VM may publish besides SSH (`vms.maxPublishedPorts`). */
  maxPublishedPorts: number;
  /** Registers background work that close() waits for. */
  track: <T>(promise: Promise<T>) => Promise<T>;
};

/** The memory/disk units the store keeps, from the API's GiB. */
export function requestOf(resources: { cpu: number; memoryGib: number; storageGib: number }) {
  return {
    cpu: resources.cpu,
    memoryMib: Math.round(resources.memoryGib * 1024),
    storageGib: resources.storageGib,
  };
}

/**
 * Admits and reserves a VM (name, published ports within the limit, on-chain payment,
 * resources, ports; one admission at a
 * time so two creates cannot both take the last resources), then provisions it in the
 * background. Returns the `creating` row.
 *
 * @example const vm = await createVm(ctx, deps, owner, { name: "web", cpu: 1, memoryGib: 1, storageGib: 10, sshPublicKey });
 */
export async function createVm(
  ctx: VmServiceContext,
  deps: AdmissionDeps,
  owner: Address,
  parameters: CreateVmParameters,
): Promise<VmRecord> {
  const name = parseVmName(parameters.name);
  const request = requestOf(parameters);
  const publish = checkPublishedPorts(parameters.ports ?? [], deps.maxPublishedPorts);
  const paid = await checkPayment(deps.payments, owner, parameters);
  const vm = await ctx.queue.run("admission", async () => {
    if (ctx.vms.findByName(owner, name)) {
      throw new GolemError("VM_NAME_TAKEN", `you already have a VM named ${name}`, {
        details: { name },
      });
    }
    checkFits(request, await deps.budget(), deps.policy);
    const id = `vm-${randomBytes(6).toString("hex")}`;
    await ctx.hooks.checkpoint?.(id, "before-reserve");
    const lease = await ctx.ports.lease(publish);
    const vmId = parseVmId(id);
    try {
      // Made before the row, so every view of the VM, the first one too, names its host keys.
      const hostKeys = await ctx.hostKeys?.generate(vmId);
      const now = ctx.now();
      const record: VmRecord = {
        id,
        name,
        owner: owner.toLowerCase() as Address,
        status: "creating",
        ...request,
        sshPort: lease.sshPort,
        hostPort: lease.hostPort,
        published: lease.published,
        sshPublicKey: parameters.sshPublicKey.trim(),
        sshHostKeys: hostKeys?.map((key) => key.publicKey) ?? null,
        cloudInit: parameters.cloudInit ?? null,
        streamId: paid?.streamId ?? null,
        error: null,
        createdAt: now,
        updatedAt: now,
      };
      try {
        inTransaction(ctx.db, () => {
          const published = lease.published.flatMap((p) => [p.publicPort, p.hostPort]);
          ctx.journal.start(id, "reserve", {
            ports: [lease.sshPort, lease.hostPort, ...published],
          });
          if (paid) deps.payments?.claim(paid, id);
          ctx.vms.insertWithPorts(record);
          ctx.journal.done(id, "reserve");
        });
      } catch (error) {
        await ctx.hostKeys?.remove(vmId);
        throw error;
      }
      return record;
    } finally {
      lease.release();
    }
  });
  ctx.log(
    `VM ${vm.id} (${name}) reserved for ${vm.owner}: ssh port ${vm.sshPort}${publishedText(vm)}${vm.streamId ? `, stream ${vm.streamId}` : ""}`,
  );
  deps.track(ctx.queue.run(vm.id, () => provisionVm(ctx, vm)));
  return vm;
}

/** `, published 80→22801 443→22802`, or nothing. */
function publishedText(vm: VmRecord): string {
  if (vm.published.length === 0) return "";
  return `, published ${vm.published.map((p) => `${p.guestPort}→${p.publicPort}`).join(" ")}`;
}

/** The on-chain stream check, before any VM work; undefined when payments are off. */
async function checkPayment(
  payments: VmPayments | undefined,
  owner: Address,
  parameters: CreateVmParameters,
) {
  if (!payments) return undefined;
  if (!parameters.payment) {
    throw new GolemError("OFFER_INVALID", "this provider is paid: send offer and streamId", {
      hints: [
        "request an offer (POST /api/v1/offers), open a stream with its serviceId, then send both",
      ],
    });
  }
  return payments.check(owner, parameters.payment, {
    cpu: parameters.cpu,
    memoryGiB: parameters.memoryGib,
    storageGiB: parameters.storageGib,
  });
}
