import type { AccessView, ProviderClient, VmView } from "@vm-on-golem/sdk/provider-client";
import { waitForVmRunning } from "@vm-on-golem/sdk/rent";
import type { CliContext } from "../cli/cli-context.ts";
import { withProgress } from "../cli/progress.ts";
import type { RequestorConfig } from "../config/requestor-config-schema.ts";
import { identityFileFor, knownHostsFile } from "../state/ssh-key.ts";
import { sshArgs } from "./ssh-args.ts";
import { waitForSshLogin } from "./wait-for-ssh-login.ts";

/** Parameters of {@link waitForVmReady}. */
export type WaitForVmReadyParameters = {
  ctx: CliContext;
  config: RequestorConfig;
  /** The VM's name here (its key and known_hosts). */
  name: string;
  provider: ProviderClient;
  vmId: string;
  /** The identity for `ssh -i` recorded with the VM (`vm create --ssh-key`); else the home's key. */
  sshKeyPath?: string | null | undefined;
};

/**
 * Waits until a created or started VM is really usable: the provider reports it `running`
 * (SSH banner on its public port), then an SSH login with the requestor's key works (the
 * guest may still be installing the key or restarting sshd after the first banner). Returns the
 * VM, its SSH endpoint and the `ssh` arguments that logged in.
 *
 * @example
 * const { running, access, sshArgs } = await waitForVmReady({ ctx, config, name, provider, vmId });
 * console.log(shellLine(config.ssh.command, sshArgs));
 */
export async function waitForVmReady(
  parameters: WaitForVmReadyParameters,
): Promise<{ running: VmView; access: AccessView; sshArgs: string[] }> {
  const { ctx, config, name, provider, vmId } = parameters;
  const running = await withProgress(ctx, "waiting until the VM's SSH port answers", (update) =>
    waitForVmRunning({ provider, vmId, onPoll: (vm) => update(vm.status) }),
  );
  const access = await provider.vmAccess(vmId);
  const args = sshArgs({
    vm: { sshHost: access.host, sshPort: access.port },
    keyPath: await identityFileFor(config.home, { sshKeyPath: parameters.sshKeyPath }),
    user: config.ssh.user,
    knownHostsFile: await knownHostsFile(config.home, name),
  });
  await withProgress(ctx, "logging in over SSH", (update) =>
    waitForSshLogin({
      command: config.ssh.command,
      args,
      name,
      env: ctx.env,
      onRetry: (attempt, error) => update(`attempt ${attempt}: ${error}`),
    }),
  );
  return { running, access, sshArgs: args };
}
