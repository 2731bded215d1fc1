import { GolemError } from "@vm-on-golem/sdk/errors";
import type { Address } from "viem";
import { parseVmId, type VmStats } from "../vm/driver.ts";
import type { VmServiceContext } from "./service-context.ts";
import { toGolemError } from "./to-golem-error.ts";
import { visibleVm } from "./vm-access.ts";

/**
 * What a VM uses now, from its driver (`VmDriver.stats`), for its owner or the operator.
 * Fails with `VM_NOT_FOUND` (missing or not yours), `VM_NOT_RUNNING` (not running or
 * starting, or its hypervisor is gone) or `DRIVER_UNAVAILABLE` (the driver cannot measure).
 *
 * @example const stats = await readVmStats(ctx, id, owner);
 */
export async function readVmStats(
  ctx: VmServiceContext,
  id: string,
  owner?: Address,
): Promise<VmStats> {
  const vm = visibleVm(ctx, id, owner);
  if (vm.status !== "running" && vm.status !== "starting") {
    throw new GolemError(
      "VM_NOT_RUNNING",
      `VM ${id} is ${vm.status}; only a running VM has usage`,
      {
        details: { id, status: vm.status },
      },
    );
  }
  const stats = ctx.driver.stats;
  if (!stats) {
    throw new GolemError(
      "DRIVER_UNAVAILABLE",
      `the ${ctx.driver.name} driver reports no VM usage`,
      {
        hints: ["this provider cannot show usage; use tools inside the VM (top, df)"],
      },
    );
  }
  try {
    return await stats.call(ctx.driver, parseVmId(id));
  } catch (error) {
    throw toGolemError(error, `could not read the usage of VM ${id}`);
  }
}
