import type { VmStatus } from "../vm/driver.ts";
import { parseVmId } from "../vm/driver.ts";
import { stopWatching } from "./banner-watch.ts";
import { holdPublicPort } from "./hold-public-port.ts";
import type { VmServiceContext } from "./service-context.ts";
import { errorText } from "./to-golem-error.ts";

/** What one health pass found, per VM id. */
export type VmHealthReport = {
  /** Running or starting VMs the driver still runs. */
  healthy: string[];
  /** The hypervisor process ended on its own: marked `stopped`, disk and ports kept. */
  stopped: string[];
  /** The driver has no such VM any more: marked `failed`, row kept. */
  lost: string[];
  /** The driver could not answer; nothing was changed because of it. */
  problems: Array<{ vmId: string; problem: string }>;
};

/**
 * One health pass: asks the driver about every VM the node believes is `running` or
 * `starting`. A VM whose hypervisor process died behind the node's back is marked `stopped`
 * (forward stopped with its port still bound, disk kept, the reason in its `error`) so its owner
 * can start it again; one the driver no longer knows is marked `failed`. Nothing is ever
 * destroyed, and a driver error changes nothing (it is reported and retried next pass).
 *
 * @example const report = await checkVmHealth(ctx);
 */
export async function checkVmHealth(ctx: VmServiceContext): Promise<VmHealthReport> {
  const report: VmHealthReport = { healthy: [], stopped: [], lost: [], problems: [] };
  const live = ctx.vms.list().filter((vm) => vm.status === "running" || vm.status === "starting");
  for (const { id } of live) {
    if (ctx.shutdown.aborted) break;
    await ctx.queue.run(id, async () => {
      const vm = ctx.vms.get(id);
      // Stopped, destroyed or restarted by someone else while this pass waited its turn.
      if (!vm || (vm.status !== "running" && vm.status !== "starting")) return;
      let status: VmStatus;
      try {
        status = await ctx.driver.inspect(parseVmId(id));
      } catch (error) {
        report.problems.push({ vmId: id, problem: `driver inspect failed: ${errorText(error)}` });
        return;
      }
      if (status.state === "running") {
        report.healthy.push(id);
        return;
      }
      stopWatching(ctx, id);
      await holdPublicPort(ctx, vm);
      if (status.state === "stopped") {
        const reason = `the VM's ${ctx.driver.name} process ended unexpectedly while ${vm.status}; disk kept, start it again`;
        ctx.vms.setStatus(id, "stopped", reason, ctx.now());
        ctx.log(`health check: VM ${id} marked stopped: ${reason}`);
        report.stopped.push(id);
        return;
      }
      const reason = `the ${ctx.driver.name} driver has no VM ${id} any more`;
      ctx.vms.setStatus(id, "failed", reason, ctx.now());
      ctx.log(`health check: VM ${id} marked failed: ${reason}`);
      report.lost.push(id);
    });
  }
  for (const { vmId, problem } of report.problems) {
    ctx.log(`health check: VM ${vmId} left as is: ${problem}`);
  }
  return report;
}

/**
 * Runs {@link checkVmHealth} every `intervalMs` until the service shuts down (the timer does
 * not keep the process alive). A pass never overlaps the previous one.
 *
 * @example startHealthChecks(ctx, 30_000);
 */
export function startHealthChecks(ctx: VmServiceContext, intervalMs: number): void {
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    if (ctx.shutdown.aborted) return;
    timer = setTimeout(() => {
      const pass = checkVmHealth(ctx)
        .catch((error) => ctx.log(`health check failed, will retry: ${errorText(error)}`))
        .finally(schedule);
      ctx.tasks.add(pass);
      void pass.finally(() => ctx.tasks.delete(pass));
    }, intervalMs);
    timer.unref();
  };
  ctx.shutdown.addEventListener("abort", () => clearTimeout(timer), { once: true });
  schedule();
}
