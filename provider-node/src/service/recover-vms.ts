import type { VmRecord } from "../state/vm-store.ts";
import { parseVmId, type VmStatus } from "../vm/driver.ts";
import { stopWatching, watchBanner } from "./banner-watch.ts";
import { holdPublicPort } from "./hold-public-port.ts";
import type { VmServiceContext } from "./service-context.ts";
import { errorText } from "./to-golem-error.ts";
import { openVmForwards } from "./vm-forwards.ts";

/** What one recovery pass did, per VM id. */
export type RecoverReport = {
  /** Running in the driver: forward re-opened on the same public port, banner check started. */
  adopted: string[];
  /** Stopped in the driver: kept stopped with its disk. */
  stopped: string[];
  /** Half-made by a crashed create: every step undone, row deleted. */
  rolledBack: string[];
  /** A destroy that a crash interrupted, finished. */
  destroyed: string[];
  /** Driver VMs without a row: destroyed. */
  orphansDestroyed: string[];
  /** The driver has no such VM any more: marked failed, row kept. */
  lost: string[];
  /** Transient trouble; nothing was destroyed because of it. Retry the pass later. */
  problems: Array<{ vmId?: string; problem: string }>;
};

/**
 * Brings the database, the driver and the forwards back in line after a start (or a crash):
 * undoes unfinished creates, finishes interrupted destroys, re-adopts running VMs on their
 * same public port, keeps stopped ones stopped (their public port bound again, forwarding
 * nowhere), and destroys driver VMs no row knows.
 * A driver error never leads to destroying a VM: the row is kept, marked, and reported in
 * `problems` so the caller can run the pass again. Safe to run again at any time.
 *
 * @example const report = await recoverVms(ctx);
 */
export async function recoverVms(ctx: VmServiceContext): Promise<RecoverReport> {
  const report: RecoverReport = {
    adopted: [],
    stopped: [],
    rolledBack: [],
    destroyed: [],
    orphansDestroyed: [],
    lost: [],
    problems: [],
  };
  for (const vmId of ctx.journal.unfinished().keys()) {
    await ctx.queue.run(vmId, () => rollBack(ctx, vmId, report));
  }

  let listed: VmStatus[] | undefined;
  try {
    listed = await ctx.driver.list();
  } catch (error) {
    report.problems.push({
      problem: `driver list failed, orphans not checked: ${errorText(error)}`,
    });
  }

  // Known before this pass changes anything: a VM destroyed below is not an orphan.
  const known = new Set([...ctx.vms.list().map((vm) => vm.id), ...ctx.journal.unfinished().keys()]);
  for (const { id } of ctx.vms.list()) {
    await ctx.queue.run(id, async () => {
      const vm = ctx.vms.get(id);
      if (vm) await recoverOne(ctx, vm, report);
    });
  }

  for (const status of listed ?? []) {
    if (known.has(status.id) || ctx.vms.get(status.id)) continue;
    await ctx.queue.run(status.id, async () => {
      try {
        await ctx.driver.destroy(status.id);
        report.orphansDestroyed.push(status.id);
        ctx.log(`destroyed orphan VM ${status.id} (no row in the database)`);
      } catch (error) {
        report.problems.push({
          vmId: status.id,
          problem: `orphan destroy failed: ${errorText(error)}`,
        });
      }
    });
  }
  return report;
}

/** Undoes every step a crashed create started, last first; stops at the first failure. */
async function rollBack(ctx: VmServiceContext, vmId: string, report: RecoverReport) {
  const entries = ctx.journal.unfinished().get(vmId);
  if (!entries) return;
  try {
    for (const entry of [...entries].reverse()) {
      if (entry.step === "forward") await ctx.forwards.close(vmId);
      if (entry.step === "driver-create") await ctx.driver.destroy(parseVmId(vmId));
      if (entry.step === "reserve") {
        ctx.vms.delete(vmId);
        await ctx.hostKeys?.remove(parseVmId(vmId));
      }
    }
    ctx.journal.clear(vmId);
    report.rolledBack.push(vmId);
    ctx.log(`rolled back the unfinished create of VM ${vmId}`);
  } catch (error) {
    const problem = `rollback of unfinished create failed: ${errorText(error)}`;
    if (ctx.vms.get(vmId)) ctx.vms.setStatus(vmId, "failed", problem, ctx.now());
    report.problems.push({ vmId, problem });
  }
}

async function recoverOne(ctx: VmServiceContext, vm: VmRecord, report: RecoverReport) {
  const id = parseVmId(vm.id);
  if (vm.status === "destroying") {
    try {
      stopWatching(ctx, vm.id);
      await ctx.forwards.close(vm.id);
      await ctx.driver.destroy(id);
      ctx.vms.delete(vm.id);
      await ctx.hostKeys?.remove(id);
      report.destroyed.push(vm.id);
    } catch (error) {
      report.problems.push({ vmId: vm.id, problem: `destroy failed: ${errorText(error)}` });
    }
    return;
  }
  // A failed create that was cleaned up holds nothing in the driver.
  if (!ctx.vms.holdsPorts(vm.id)) return;

  let status: VmStatus;
  try {
    status = await ctx.driver.inspect(id);
  } catch (error) {
    const problem = `driver inspect failed: ${errorText(error)}`;
    ctx.vms.setStatus(vm.id, vm.status, problem, ctx.now());
    report.problems.push({ vmId: vm.id, problem });
    return;
  }

  if (status.state === "running") {
    const settled = vm.status === "running" || vm.status === "starting";
    if (settled && ctx.forwards.has(vm.id)) return;
    try {
      await openVmForwards(ctx, vm, status);
    } catch (error) {
      const problem = `forward of public port ${vm.sshPort} could not start: ${errorText(error)}`;
      ctx.vms.setStatus(vm.id, "failed", problem, ctx.now());
      report.problems.push({ vmId: vm.id, problem });
      return;
    }
    ctx.vms.setStatus(vm.id, "starting", null, ctx.now());
    watchBanner(ctx, vm.id, vm.sshPort);
    report.adopted.push(vm.id);
    return;
  }

  stopWatching(ctx, vm.id);
  await holdPublicPort(ctx, vm);
  if (status.state === "stopped") {
    const note =
      vm.status === "stopped" || vm.status === "stopping"
        ? null
        : `found stopped at node start (was ${vm.status})`;
    ctx.vms.setStatus(vm.id, "stopped", note, ctx.now());
    report.stopped.push(vm.id);
    return;
  }
  ctx.vms.setStatus(vm.id, "failed", `the ${ctx.driver.name} driver has no VM ${vm.id}`, ctx.now());
  report.lost.push(vm.id);
}
