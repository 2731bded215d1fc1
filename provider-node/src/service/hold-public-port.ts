import type { VmRecord } from "../state/vm-store.ts";
import type { VmServiceContext } from "./service-context.ts";
import { errorText } from "./to-golem-error.ts";
import { holdVmForwards } from "./vm-forwards.ts";

/**
 * Keeps a VM's public SSH port (and its published ports) bound while the VM does not run (its forward, if any, stops
 * forwarding but never lets go of the port), so no other program and no outgoing connection
 * can take it before the next start. A port that cannot be bound (taken while the node was
 * down) is logged, not fatal: the VM's state change goes on.
 *
 * @example await holdPublicPort(ctx, vm);
 */
export async function holdPublicPort(
  ctx: VmServiceContext,
  vm: Pick<VmRecord, "id" | "sshPort" | "hostPort" | "published">,
): Promise<void> {
  try {
    await holdVmForwards(ctx, vm);
  } catch (error) {
    ctx.log(`VM ${vm.id}: public port ${vm.sshPort} could not be held: ${errorText(error)}`);
  }
}
