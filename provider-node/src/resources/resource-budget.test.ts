import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GolemError } from "@vm-on-golem/sdk/errors";
import { describe, expect, test } from "vitest";
import { readHostResources } from "./host-resources.ts";
import { checkFits, computeResourceBudget, type ResourcePolicy } from "./resource-budget.ts";

const policy: ResourcePolicy = {
  cpuThreshold: 0.9,
  memoryThreshold: 0.85,
  storageThreshold: 0.9,
  maxVms: 3,
  minCpu: 1,
  minMemoryGib: 1,
  minStorageGib: 10,
};
const total = { cpu: 10, memoryMib: 10_240, storageGib: 100 };
const vm = { cpu: 2, memoryMib: 2048, storageGib: 20 };

function thrown(fn: () => void): GolemError {
  try {
    fn();
  } catch (error) {
    if (error instanceof GolemError) return error;
    throw error;
  }
  throw new Error("did not throw");
}

describe("computeResourceBudget", () => {
  test("applies thresholds and subtracts every VM's reservation", () => {
    const budget = computeResourceBudget(total, policy, [vm, vm]);
    expect(budget.limit).toEqual({ cpu: 9, memoryMib: 8704, storageGib: 90 });
    expect(budget.reserved).toEqual({ cpu: 4, memoryMib: 4096, storageGib: 40 });
    expect(budget.free).toEqual({ cpu: 5, memoryMib: 4608, storageGib: 50 });
    expect(budget.vms).toEqual({ max: 3, used: 2, free: 1 });
  });

  test("never reports negative free amounts", () => {
    const budget = computeResourceBudget(total, policy, [{ cpu: 20, memoryMib: 1, storageGib: 1 }]);
    expect(budget.free.cpu).toBe(0);
  });
});

describe("checkFits", () => {
  test("accepts a VM that fits", () => {
    expect(() => checkFits(vm, computeResourceBudget(total, policy, []), policy)).not.toThrow();
  });

  test("names every resource that is short, with what is free", () => {
    const budget = computeResourceBudget(total, policy, [vm, vm]);
    const error = thrown(() =>
      checkFits({ cpu: 6, memoryMib: 5 * 1024, storageGib: 20 }, budget, policy),
    );
    expect(error.code).toBe("RESOURCES_EXHAUSTED");
    expect(error.message).toBe(
      "this provider cannot fit the VM: 6 CPUs asked, 5 free; 5 GiB memory asked, 4.5 GiB free",
    );
    expect(error.details).toEqual({ free: { cpu: 5, memoryGiB: 4.5, storageGiB: 50, vms: 1 } });
    expect(error.hints[0]).toContain("at most 5 CPUs, 4.5 GiB memory and 50 GiB disk");
  });

  test("refuses a VM beyond the maximum count", () => {
    const budget = computeResourceBudget(total, policy, [
      vm,
      vm,
      { cpu: 1, memoryMib: 1, storageGib: 1 },
    ]);
    expect(
      thrown(() => checkFits({ cpu: 1, memoryMib: 1024, storageGib: 10 }, budget, policy)).message,
    ).toContain("maximum of 3 VMs");
  });

  test("refuses a VM larger than the node's limit in all with VM_TOO_LARGE, even when the node is empty", () => {
    const error = thrown(() =>
      checkFits(
        { cpu: 256, memoryMib: 1024, storageGib: 10 },
        computeResourceBudget(total, policy, []),
        policy,
      ),
    );
    expect(error.code).toBe("VM_TOO_LARGE");
    expect(error.status).toBe(400);
    expect(error.message).toBe(
      "the VM is larger than this provider has in all: 256 CPUs asked, 9 in all",
    );
    expect(error.details).toEqual({ maximum: { cpu: 9, memoryGiB: 8.5, storageGiB: 90 } });
    expect(error.hints[0]).toContain("at most 9 CPUs, 8.5 GiB memory and 90 GiB disk");
  });

  test("refuses a VM below the minimum with VALIDATION_FAILED", () => {
    const error = thrown(() =>
      checkFits(
        { cpu: 1, memoryMib: 512, storageGib: 5 },
        computeResourceBudget(total, policy, []),
        policy,
      ),
    );
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(error.message).toContain("memoryGiB must be at least 1; storageGiB must be at least 10");
  });
});

test("readHostResources reads this host's CPUs, memory and disk", async () => {
  const dir = await mkdtemp(join(tmpdir(), "host-resources-"));
  try {
    const host = await readHostResources(dir);
    expect(host.cpu).toBeGreaterThanOrEqual(1);
    expect(host.memoryMib).toBeGreaterThan(256);
    expect(host.storageGib).toBeGreaterThanOrEqual(1);
  } finally {
    await rm(dir, { recursive: true });
  }
});
