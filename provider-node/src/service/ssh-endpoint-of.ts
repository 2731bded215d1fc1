import { setTimeout as sleep } from "node:timers/promises";
import { GolemError } from "@vm-on-golem/sdk/errors";
import type { SshEndpoint, VmId, VmStatus } from "../vm/driver.ts";
import type { VmServiceContext } from "./service-context.ts";

/**
 * The guest's SSH endpoint, where the public port forwards to: `127.0.0.1:<hostPort>` for
 * QEMU, `<guest ip>:22` for Multipass. A driver that has no address yet (Multipass while
 * DHCP runs) is asked again until it has one. Fails with `DRIVER_FAILED`.
 *
 * @example const target = await sshEndpointOf(ctx, id, await driver.start(id));
 */
export async function sshEndpointOf(
  ctx: VmServiceContext,
  id: VmId,
  status: VmStatus,
  options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<SshEndpoint> {
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  let current = status;
  for (;;) {
    if (current.state !== "running") {
      throw new GolemError(
        "DRIVER_FAILED",
        `VM ${id} is ${current.state} in the ${ctx.driver.name} driver, not running`,
      );
    }
    if (current.sshEndpoint.host !== "") return current.sshEndpoint;
    if (Date.now() > deadline) {
      throw new GolemError(
        "DRIVER_FAILED",
        `the ${ctx.driver.name} driver reports no SSH address for VM ${id}`,
      );
    }
    await sleep(options.intervalMs ?? 1000, undefined, { signal: ctx.shutdown });
    current = await ctx.driver.inspect(id);
  }
}
