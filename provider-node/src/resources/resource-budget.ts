import { GolemError } from "@vm-on-golem/sdk/errors";
import type { ResourceAmounts } from "./host-resources.ts";

/** The share of each host resource VMs may reserve, and the VM count and size limits. */
export type ResourcePolicy = {
  cpuThreshold: number;
  memoryThreshold: number;
  storageThreshold: number;
  maxVms: number;
  minCpu: number;
  minMemoryGib: number;
  minStorageGib: number;
};

/** What the node can give: the host's totals, the thresholded limit, what VMs hold, what is left. */
export type ResourceBudget = {
  total: ResourceAmounts;
  limit: ResourceAmounts;
  reserved: ResourceAmounts;
  free: ResourceAmounts;
  vms: { max: number; used: number; free: number };
};

/**
 * Computes the budget from the host totals, the policy and the VMs' reservations
 * (every VM row reserves its resources, stopped ones too, so they can start again).
 *
 * @example const budget = computeResourceBudget(total, config.resources, vms.list());
 */
export function computeResourceBudget(
  total: ResourceAmounts,
  policy: ResourcePolicy,
  reservations: readonly ResourceAmounts[],
): ResourceBudget {
  const limit: ResourceAmounts = {
    cpu: Math.floor(total.cpu * policy.cpuThreshold),
    memoryMib: Math.floor(total.memoryMib * policy.memoryThreshold),
    storageGib: Math.floor(total.storageGib * policy.storageThreshold),
  };
  const reserved: ResourceAmounts = { cpu: 0, memoryMib: 0, storageGib: 0 };
  for (const r of reservations) {
    reserved.cpu += r.cpu;
    reserved.memoryMib += r.memoryMib;
    reserved.storageGib += r.storageGib;
  }
  const left = (key: keyof ResourceAmounts) => Math.max(0, limit[key] - reserved[key]);
  return {
    total,
    limit,
    reserved,
    free: { cpu: left("cpu"), memoryMib: left("memoryMib"), storageGib: left("storageGib") },
    vms: {
      max: policy.maxVms,
      used: reservations.length,
      free: Math.max(0, policy.maxVms - reservations.length),
    },
  };
}

/**
 * Throws unless `request` is at least the policy's minimum VM (`VALIDATION_FAILED`), no larger
 * than what the node offers in all (`VM_TOO_LARGE`: it could never fit, with the maximum in
 * details and hints) and fits in what is free now (`RESOURCES_EXHAUSTED`, with the free amounts).
 *
 * @example checkFits({ cpu: 2, memoryMib: 2048, storageGib: 20 }, budget, config.resources);
 */
export function checkFits(
  request: ResourceAmounts,
  budget: ResourceBudget,
  policy: ResourcePolicy,
): void {
  const tooSmall = [
    request.cpu < policy.minCpu && `cpu must be at least ${policy.minCpu}`,
    request.memoryMib < policy.minMemoryGib * 1024 &&
      `memoryGiB must be at least ${policy.minMemoryGib}`,
    request.storageGib < policy.minStorageGib &&
      `storageGiB must be at least ${policy.minStorageGib}`,
  ].filter((s): s is string => typeof s === "string");
  if (tooSmall.length > 0) {
    throw new GolemError(
      "VALIDATION_FAILED",
      `the VM is below this provider's minimum: ${tooSmall.join("; ")}`,
      {
        details: {
          minimum: {
            cpu: policy.minCpu,
            memoryGiB: policy.minMemoryGib,
            storageGiB: policy.minStorageGib,
          },
        },
      },
    );
  }
  const maximum = {
    cpu: budget.limit.cpu,
    memoryGiB: round(budget.limit.memoryMib / 1024),
    storageGiB: budget.limit.storageGib,
  };
  const beyond = [
    request.cpu > budget.limit.cpu && `${request.cpu} CPUs asked, ${maximum.cpu} in all`,
    request.memoryMib > budget.limit.memoryMib &&
      `${round(request.memoryMib / 1024)} GiB memory asked, ${maximum.memoryGiB} GiB in all`,
    request.storageGib > budget.limit.storageGib &&
      `${request.storageGib} GiB disk asked, ${maximum.storageGiB} GiB in all`,
  ].filter((s): s is string => typeof s === "string");
  if (beyond.length > 0) {
    throw new GolemError(
      "VM_TOO_LARGE",
      `the VM is larger than this provider has in all: ${beyond.join("; ")}`,
      {
        hints: [
          `ask for at most ${maximum.cpu} CPUs, ${maximum.memoryGiB} GiB memory and ${maximum.storageGiB} GiB disk, or pick a larger provider`,
        ],
        details: { maximum },
      },
    );
  }
  const free = {
    cpu: budget.free.cpu,
    memoryGiB: round(budget.free.memoryMib / 1024),
    storageGiB: budget.free.storageGib,
    vms: budget.vms.free,
  };
  const short = [
    budget.vms.free < 1 && `it already runs its maximum of ${budget.vms.max} VMs`,
    request.cpu > budget.free.cpu && `${request.cpu} CPUs asked, ${free.cpu} free`,
    request.memoryMib > budget.free.memoryMib &&
      `${round(request.memoryMib / 1024)} GiB memory asked, ${free.memoryGiB} GiB free`,
    request.storageGib > budget.free.storageGib &&
      `${request.storageGib} GiB disk asked, ${free.storageGiB} GiB free`,
  ].filter((s): s is string => typeof s === "string");
  if (short.length > 0) {
    throw new GolemError(
      "RESOURCES_EXHAUSTED",
      `this provider cannot fit the VM: ${short.join("; ")}`,
      {
        hints: [
          `ask for at most ${free.cpu} CPUs, ${free.memoryGiB} GiB memory and ${free.storageGiB} GiB disk, or pick another provider`,
        ],
        details: { free },
      },
    );
  }
}

function round(value: number): number {
  return Math.floor(value * 100) / 100;
}
