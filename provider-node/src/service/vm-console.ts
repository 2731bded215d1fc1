import { GolemError } from "@vm-on-golem/sdk/errors";
import type { Address } from "viem";
import { parseVmId } from "../vm/driver.ts";
import type { VmServiceContext } from "./service-context.ts";
import { toGolemError } from "./to-golem-error.ts";
import { visibleVm } from "./vm-access.ts";

/**
 * The last `maxBytes` a VM wrote to its serial console, for its owner or the operator. Fails
 * with `VM_NOT_FOUND` (missing or not yours) or `DRIVER_UNAVAILABLE` (the driver has no console).
 *
 * @example const output = await readVmConsole(ctx, id, 64 * 1024, owner);
 */
export async function readVmConsole(
  ctx: VmServiceContext,
  id: string,
  maxBytes: number,
  owner?: Address,
): Promise<Buffer> {
  visibleVm(ctx, id, owner);
  const console = ctx.driver.console;
  if (!console) {
    throw new GolemError(
      "DRIVER_UNAVAILABLE",
      `the ${ctx.driver.name} driver keeps no VM console`,
      { hints: ["this provider cannot show the console; read the guest's logs over SSH"] },
    );
  }
  try {
    return await console.call(ctx.driver, parseVmId(id), maxBytes);
  } catch (error) {
    throw toGolemError(error, `could not read the console of VM ${id}`);
  }
}
