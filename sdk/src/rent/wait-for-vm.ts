import { GolemError } from "../errors/golem-error.ts";
import type { VmView } from "../provider-api/vms.ts";
import type { ProviderClient } from "../provider-client/create-provider-client.ts";

/** Parameters of {@link waitForVmRunning}. */
export type WaitForVmRunningParameters = {
  provider: Pick<ProviderClient, "getVm">;
  vmId: string;
  /** Give up after this long (ms). Default 15 minutes: a first boot under TCG is slow. */
  timeoutMs?: number | undefined;
  /** Poll interval (ms). Default 2000. */
  intervalMs?: number | undefined;
  /** Called with every view read, for progress. */
  onPoll?: ((vm: VmView) => void) | undefined;
  signal?: AbortSignal | undefined;
};

/**
 * Polls the provider until the VM is `running` (its SSH port answers with a banner). Fails with
 * `DRIVER_FAILED` when the VM ends `failed`, `VM_INVALID_STATE` when it stops or is destroyed
 * meanwhile, `PROVIDER_UNREACHABLE` on timeout.
 *
 * @example
 * const vm = await waitForVmRunning({ provider, vmId: created.id, onPoll: (v) => bar.update(v.status) });
 */
export async function waitForVmRunning(params: WaitForVmRunningParameters): Promise<VmView> {
  const deadline = Date.now() + (params.timeoutMs ?? 15 * 60_000);
  for (;;) {
    params.signal?.throwIfAborted();
    const vm = await params.provider.getVm(params.vmId);
    params.onPoll?.(vm);
    if (vm.status === "running") return vm;
    if (vm.status === "failed") {
      throw new GolemError(
        "DRIVER_FAILED",
        `the VM failed to start: ${vm.error ?? "no reason given"}`,
        {
          details: { vmId: vm.id },
        },
      );
    }
    if (vm.status === "stopped" || vm.status === "stopping" || vm.status === "destroying") {
      throw new GolemError("VM_INVALID_STATE", `the VM is ${vm.status}, not starting`, {
        details: { vmId: vm.id, status: vm.status },
      });
    }
    if (Date.now() > deadline) {
      throw new GolemError(
        "PROVIDER_UNREACHABLE",
        `the VM is still ${vm.status}; SSH has not answered in time`,
        {
          hints: [
            "check again later with `golem vm info <name>`; the stream keeps paying meanwhile",
          ],
          details: { vmId: vm.id, status: vm.status },
        },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, params.intervalMs ?? 2000));
  }
}
