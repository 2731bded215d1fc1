import type { AccessView, ProviderClient, VmView } from "@vm-on-golem/sdk/provider-client";
import { waitForVmRunning } from "@vm-on-golem/sdk/rent";
import type { CliContext } from "../cli/cli-context.ts";
import { withProgress } from "../cli/progress.ts";
import type { RequestorConfig } from "../config/requestor-config-schema.ts";
import { pinHostKeys } from "../state/pinned-host-keys.ts";
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
 * guest may still be installing the key or restarting sshd after the first banner). The host
 * keys the provider gave in its VM view are written to the VM's known_hosts before the first
 * connection, and ssh accepts only them (`pinned`); a provider that gave none leaves them to
 * first use, said on stderr. Returns the VM, its SSH endpoint, the `ssh` arguments that logged
 * in and whether the host keys are pinned.
 *
 * @example
 * const { running, access, sshArgs } = await waitForVmReady({ ctx, config, name, provider, vmId });
 * console.log(shellLine(config.ssh.command, sshArgs));
 */
export async function waitForVmReady(
  parameters: WaitForVmReadyParameters,
): Promise<{ running: VmView; access: AccessView; sshArgs: string[]; pinned: boolean }> {
  const { ctx, config, name, provider, vmId } = parameters;
  const running = await withProgress(ctx, "waiting until the VM's SSH port answers", (update) =>
    waitForVmRunning({ provider, vmId, onPoll: (vm) => update(vm.status) }),
  );
  const access = await provider.vmAccess(vmId);
  const knownHosts = await knownHostsFile(config.home, name);
  const hostKeys = running.sshHostKeys ?? null;
  if (hostKeys) {
    await pinHostKeys(
      knownHosts,
      access,
      hostKeys.map((key) => key.publicKey),
    );
  } else {
    ctx.err(
      `warning: the provider gave no SSH host keys for ${name}: not pinned, the first key seen is trusted`,
    );
  }
  const args = sshArgs({
    vm: { sshHost: access.host, sshPort: access.port },
    keyPath: await identityFileFor(config.home, { sshKeyPath: parameters.sshKeyPath }),
    user: config.ssh.user,
    knownHostsFile: knownHosts,
    hostKeys: hostKeys ? "pinned" : "first-use",
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
  return { running, access, sshArgs: args, pinned: hostKeys !== null };
}
