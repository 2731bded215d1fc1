import { GolemError } from "@vm-on-golem/sdk/errors";
import type { Address } from "viem";
import type { VmRecord, VmRecordStatus } from "../state/vm-store.ts";
import type { VmServiceContext } from "./service-context.ts";

/**
 * The VM `id` if `owner` may see it (the operator passes no owner); `VM_NOT_FOUND` alike for
 * missing and not-yours, so a requestor cannot probe other accounts' VM ids.
 *
 * @example const vm = visibleVm(ctx, id, owner);
 */
export function visibleVm(ctx: VmServiceContext, id: string, owner?: Address): VmRecord {
  const vm = ctx.vms.get(id);
  if (!vm || (owner !== undefined && vm.owner !== owner.toLowerCase())) {
    throw new GolemError("VM_NOT_FOUND", `VM ${id} does not exist`, { details: { id } });
  }
  return vm;
}

/**
 * Throws `VM_INVALID_STATE` unless `vm` is in one of `allowed` (a `failed` VM only while it
 * still holds its ports: a create that failed and was undone has nothing to act on).
 *
 * @example requireVmState(ctx, vm, "stop", ["running", "starting", "failed"]);
 */
export function requireVmState(
  ctx: VmServiceContext,
  vm: VmRecord,
  action: string,
  allowed: VmRecordStatus[],
): void {
  const holds = ctx.vms.holdsPorts(vm.id);
  if (allowed.includes(vm.status) && !(vm.status === "failed" && !holds)) return;
  throw new GolemError("VM_INVALID_STATE", `VM ${vm.id} is ${vm.status}; it cannot ${action} now`, {
    hints: [
      vm.status === "failed" && !holds
        ? "its create failed and it holds nothing; destroy it and create a new one"
        : `${action} works when the VM is ${allowed.join(" or ")}`,
    ],
    details: { id: vm.id, status: vm.status },
  });
}
