import { publishedForwardKey } from "../net/forward-table.ts";
import type { ForwardTarget } from "../net/tcp-forwarder.ts";
import type { PublishedPort, VmRecord } from "../state/vm-store.ts";
import { parseVmId, type SshEndpoint, type VmStatus } from "../vm/driver.ts";
import type { VmServiceContext } from "./service-context.ts";
import { sshEndpointOf } from "./ssh-endpoint-of.ts";

type ForwardedVm = Pick<VmRecord, "id" | "sshPort" | "hostPort" | "published">;

/**
 * Where a published port forwards to: when the driver forwards the VM's host port to SSH
 * (QEMU user networking), it forwards the published port's host port to its guest port the
 * same way; a guest with an address of its own (isolated tap, Multipass) is reached on the
 * guest port itself, which in isolated mode becomes a kernel DNAT rule like SSH's.
 *
 * @example publishedTarget({ host: "10.243.0.2", port: 22 }, vm, { guestPort: 80, publicPort: 22801, hostPort: 23801 }); // 10.243.0.2:80
 */
export function publishedTarget(
  ssh: SshEndpoint,
  vm: Pick<VmRecord, "hostPort">,
  port: PublishedPort,
): ForwardTarget {
  return ssh.port === vm.hostPort
    ? { host: ssh.host, port: port.hostPort }
    : { host: ssh.host, port: port.guestPort };
}

/**
 * Forwards a running VM's public SSH port and each published port to the guest (idempotent:
 * re-adopting after a restart is the same call). Returns the SSH endpoint.
 *
 * @example await openVmForwards(ctx, vm, await ctx.driver.start(id));
 */
export async function openVmForwards(
  ctx: VmServiceContext,
  vm: ForwardedVm,
  status: VmStatus,
): Promise<SshEndpoint> {
  const ssh = await sshEndpointOf(ctx, parseVmId(vm.id), status);
  await ctx.forwards.open(vm.id, vm.sshPort, ssh);
  for (const port of vm.published) {
    const key = publishedForwardKey(vm.id, port.guestPort);
    await ctx.forwards.open(key, port.publicPort, publishedTarget(ssh, vm, port));
  }
  return ssh;
}

/**
 * Keeps a stopped VM's public ports (SSH and published) bound without forwarding, so nothing
 * else takes them before the next start.
 *
 * @example await holdVmForwards(ctx, vm);
 */
export async function holdVmForwards(ctx: VmServiceContext, vm: ForwardedVm): Promise<void> {
  await ctx.forwards.hold(vm.id, vm.sshPort);
  for (const port of vm.published) {
    await ctx.forwards.hold(publishedForwardKey(vm.id, port.guestPort), port.publicPort);
  }
}
