import { isGolemError } from "@vm-on-golem/sdk/errors";
import type { ProviderClientSigner } from "@vm-on-golem/sdk/provider-client";
import { createProviderClient, type ProviderClient } from "@vm-on-golem/sdk/provider-client";

/**
 * What a provider says about a VM before the monitor pays for it:
 * - `alive`: it has the VM (running, or stopped for low runway: a top-up restarts it), pay;
 * - `gone`: 404, `failed`, `destroying` or `destroyed`: stop paying for good;
 * - `unverified`: no answer, or an answer that proves nothing (5xx, a refused sign-in): hold.
 */
export type VmCheck = {
  verdict: "alive" | "gone" | "unverified";
  /** The provider's status of the VM (`not-found` for a 404), or undefined without an answer. */
  status: string | undefined;
  /** The error code when the provider did not answer with the VM. */
  code: string | undefined;
};

/** The VM a monitored stream pays for, as recorded here. */
export type MonitoredVm = { providerApiUrl: string; vmId: string };

/** Statuses after which a provider never runs the VM again. */
const goneStatuses = new Set(["failed", "destroying", "destroyed"]);

/**
 * A checker that asks each VM's provider (signed in with the payment key, one client and
 * session per provider URL, reused across cycles) whether it still runs the VM.
 *
 * @example
 * const check = createVmChecker({ signer: wallet.account });
 * const { verdict } = await check({ providerApiUrl, vmId });
 */
export function createVmChecker(params: {
  signer: ProviderClientSigner;
  /** Per provider request (ms); default 10 000, so one dead provider cannot stall a cycle long. */
  timeoutMs?: number | undefined;
}): (vm: MonitoredVm) => Promise<VmCheck> {
  const clients = new Map<string, ProviderClient>();
  return async (vm) => {
    let client = clients.get(vm.providerApiUrl);
    if (client === undefined) {
      client = createProviderClient({
        baseUrl: vm.providerApiUrl,
        signer: params.signer,
        timeoutMs: params.timeoutMs ?? 10_000,
      });
      clients.set(vm.providerApiUrl, client);
    }
    try {
      const view = await client.getVm(vm.vmId);
      const status = String(view.status);
      return { verdict: goneStatuses.has(status) ? "gone" : "alive", status, code: undefined };
    } catch (error) {
      if (isGolemError(error, "VM_NOT_FOUND")) {
        return { verdict: "gone", status: "not-found", code: error.code };
      }
      return {
        verdict: "unverified",
        status: undefined,
        code: isGolemError(error) ? error.code : "PROVIDER_UNREACHABLE",
      };
    }
  };
}
