import { waitForSshBanner } from "../vm/ssh-banner.ts";
import type { VmServiceContext } from "./service-context.ts";
import { errorText } from "./to-golem-error.ts";

/**
 * Waits in the background until SSH answers with a banner on the VM's PUBLIC port (through
 * the node's own forward), then marks the VM `running`; after the timeout it marks it
 * `failed`. Only a VM still `starting` is changed; a newer watch or a stop supersedes it.
 *
 * @example watchBanner(ctx, vm.id, vm.sshPort);
 */
export function watchBanner(ctx: VmServiceContext, vmId: string, sshPort: number): void {
  ctx.watchers.get(vmId)?.abort();
  const controller = new AbortController();
  ctx.watchers.set(vmId, controller);
  // The wait listens to its own controller only; shutdown reaches it through a listener that
  // goes when the wait ends. (AbortSignal.any over ctx.shutdown kept every wait's signal, and
  // what listened to it, alive until the daemon stopped.)
  const { signal } = controller;
  const onShutdown = () => controller.abort(ctx.shutdown.reason);
  if (ctx.shutdown.aborted) onShutdown();
  else ctx.shutdown.addEventListener("abort", onShutdown, { once: true });

  const settle = (status: "running" | "failed", error: string | null) =>
    ctx.queue.run(vmId, async () => {
      if (ctx.watchers.get(vmId) !== controller || signal.aborted) return;
      ctx.watchers.delete(vmId);
      if (ctx.vms.get(vmId)?.status !== "starting") return;
      ctx.vms.setStatus(vmId, status, error, ctx.now());
      ctx.log(`VM ${vmId} is ${status}${error ? `: ${error}` : ""}`);
    });

  const watch = waitForSshBanner(ctx.bannerHost, sshPort, {
    timeoutMs: ctx.bannerTimeoutMs,
    attemptTimeoutMs: Math.min(10_000, ctx.bannerTimeoutMs),
    intervalMs: 500,
    signal,
  }).then(
    () => settle("running", null),
    (error) => {
      if (signal.aborted) return;
      return settle("failed", `SSH did not answer on port ${sshPort}: ${errorText(error)}`);
    },
  );
  ctx.tasks.add(watch);
  void watch
    .catch((error) => ctx.log(`banner watch of VM ${vmId} failed: ${errorText(error)}`))
    .finally(() => {
      ctx.tasks.delete(watch);
      ctx.shutdown.removeEventListener("abort", onShutdown);
      if (ctx.watchers.get(vmId) === controller) ctx.watchers.delete(vmId);
      // Settled: abort what this wait created, so nothing still listens to it.
      controller.abort();
    });
}

/** Stops waiting for `vmId`'s banner (it is being stopped or destroyed). */
export function stopWatching(ctx: VmServiceContext, vmId: string): void {
  ctx.watchers.get(vmId)?.abort();
  ctx.watchers.delete(vmId);
}
