import type { Address } from "viem";
import type { StreamSettlement } from "../payments/settle-vm-stream.ts";
import { inTransaction } from "../state/transaction.ts";
import type { VmRecord } from "../state/vm-store.ts";
import { parseVmId, type VmStopOptions } from "../vm/driver.ts";
import { stopWatching, watchBanner } from "./banner-watch.ts";
import { holdPublicPort } from "./hold-public-port.ts";
import type { VmServiceContext } from "./service-context.ts";
import { errorText, toGolemError } from "./to-golem-error.ts";
import { requireVmState, visibleVm } from "./vm-access.ts";
import { openVmForwards } from "./vm-forwards.ts";

/**
 * Shuts a VM down; its forward stops forwarding but keeps the port bound, and the disk stays.
 * `options.gracefulTimeoutMs` bounds how long the guest may take before it is forced off.
 * Returns the row.
 *
 * @example const vm = await stopVm(ctx, id, owner);
 */
export async function stopVm(
  ctx: VmServiceContext,
  id: string,
  owner?: Address,
  options?: VmStopOptions,
): Promise<VmRecord> {
  visibleVm(ctx, id, owner);
  return ctx.queue.run(id, async () => {
    const vm = visibleVm(ctx, id, owner);
    requireVmState(ctx, vm, "stop", ["running", "starting", "failed"]);
    stopWatching(ctx, id);
    ctx.vms.setStatus(id, "stopping", null, ctx.now());
    try {
      await ctx.driver.stop(parseVmId(id), options);
    } catch (error) {
      ctx.vms.setStatus(id, "failed", `stop failed: ${errorText(error)}`, ctx.now());
      throw toGolemError(error, `could not stop VM ${id}`);
    }
    await holdPublicPort(ctx, vm);
    ctx.log(`VM ${id} stopped`);
    return ctx.vms.setStatus(id, "stopped", null, ctx.now()) as VmRecord;
  });
}

/**
 * Starts a stopped VM on its same ports; returns the row, `starting` until SSH answers. A paid
 * VM starts only while its stream, read on chain now, has more runway than the stop threshold
 * (`STREAM_UNDERFUNDED` otherwise, and nothing changes).
 *
 * @example const vm = await startVm(ctx, id, owner);
 */
export async function startVm(
  ctx: VmServiceContext,
  id: string,
  owner?: Address,
): Promise<VmRecord> {
  visibleVm(ctx, id, owner);
  return ctx.queue.run(id, async () => {
    const vm = visibleVm(ctx, id, owner);
    requireVmState(ctx, vm, "start", ["stopped", "failed"]);
    await ctx.checkStart?.(vm);
    ctx.vms.setStatus(id, "starting", null, ctx.now());
    try {
      const started = await ctx.driver.start(parseVmId(id));
      await openVmForwards(ctx, vm, started);
    } catch (error) {
      ctx.vms.setStatus(id, "failed", `start failed: ${errorText(error)}`, ctx.now());
      throw toGolemError(error, `could not start VM ${id}`);
    }
    watchBanner(ctx, id, vm.sshPort);
    return ctx.vms.get(id) as VmRecord;
  });
}

/**
 * Destroys a VM in any state: first its stream is closed when payments are on (accrued to the
 * provider, the rest back to the sender; see `settleVmStream`), then forward, driver VM, row
 * and ports. A stream that cannot be closed fails the destroy and keeps the VM, so nobody pays
 * for a VM that is gone. A driver failure leaves the row `destroying` with the reason, and the
 * next recovery finishes it. Returns what happened to the stream.
 *
 * @example const settled = await destroyVm(ctx, id, owner);
 */
export async function destroyVm(
  ctx: VmServiceContext,
  id: string,
  owner?: Address,
): Promise<StreamSettlement | undefined> {
  visibleVm(ctx, id, owner);
  return ctx.queue.run(id, async () => {
    const vm = visibleVm(ctx, id, owner);
    const settled = ctx.settle ? await ctx.settle(vm) : undefined;
    if (settled?.closed === "now") {
      ctx.log(
        `stream ${settled.streamId} of VM ${id} terminated: ${settled.paidToProvider} to the provider, ${settled.refunded} refunded`,
      );
    }
    stopWatching(ctx, id);
    ctx.vms.setStatus(id, "destroying", null, ctx.now());
    await ctx.forwards.close(id);
    try {
      await ctx.driver.destroy(parseVmId(id));
    } catch (error) {
      ctx.vms.setStatus(
        id,
        "destroying",
        `destroy failed, will retry: ${errorText(error)}`,
        ctx.now(),
      );
      throw toGolemError(error, `could not destroy VM ${id}`);
    }
    inTransaction(ctx.db, () => {
      ctx.vms.delete(id);
      ctx.journal.clear(id);
    });
    await ctx.hostKeys?.remove(parseVmId(id));
    ctx.log(`VM ${id} destroyed`);
    return settled;
  });
}
