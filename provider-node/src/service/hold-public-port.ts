import type { VmRecord } from "../state/vm-store.ts";
import type { VmServiceContext } from "./service-context.ts";
import { errorText } from "./to-golem-error.ts";

/**
 * Keeps a VM's public SSH port bound while the VM does not run (its forward, if any, stops
 * forwarding but never lets go of the port), so no other program and no outgoing connection
 * can take it before the next start. A port that cannot be bound (taken while the node was
 * down) is logged, not fatal: the VM's state change goes on.
 *
 * @example await holdPublicPort(ctx, vm);
 */
export async function holdPublicPort(
  ctx: VmServiceContext,
  vm: Pick<VmRecord, "id" | "sshPort">,
): Promise<void> {
  try {
    await ctx.forwards.hold(vm.id, vm.sshPort);
  } catch (error) {
    ctx.log(`VM ${vm.id}: public port ${vm.sshPort} could not be held: ${errorText(error)}`);
  }
}
