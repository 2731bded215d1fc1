import { spawn } from "node:child_process";
import { GolemError } from "@vm-on-golem/sdk/errors";
import type { CliContext, GlobalOptions } from "../cli/cli-context.ts";
import { isPinned, notPinnedNote } from "../state/pinned-host-keys.ts";
import { identityFileFor, knownHostsFile } from "../state/ssh-key.ts";
import { sshArgs } from "./ssh-args.ts";
import { findLocalVm } from "./vm-local-commands.ts";

/**
 * `golem vm ssh <name> [-- command…]`: runs the system ssh with the VM's key, port and user,
 * attached to this terminal; exits with ssh's exit code. The host keys pinned when the VM was
 * made are the only ones ssh accepts; a VM without pinned keys is trusted on first use, said
 * on stderr.
 */
export async function runSsh(
  ctx: CliContext,
  name: string,
  command: string[],
  _opts: GlobalOptions,
): Promise<void> {
  const config = await ctx.config();
  const vm = await findLocalVm(config, name);
  const knownHosts = await knownHostsFile(config.home, name);
  const pinned = await isPinned(knownHosts);
  if (!pinned) ctx.err(notPinnedNote(name));
  const args = sshArgs({
    vm,
    keyPath: await identityFileFor(config.home, vm),
    user: config.ssh.user,
    knownHostsFile: knownHosts,
    hostKeys: pinned ? "pinned" : "first-use",
    command,
  });
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn(config.ssh.command, args, { stdio: "inherit", env: ctx.env });
    child.once("error", (cause) =>
      reject(
        new GolemError("INTERNAL", `could not run ${config.ssh.command}`, {
          hints: ["install OpenSSH (ssh), or set GOLEM_REQUESTOR_SSH_COMMAND"],
          cause,
        }),
      ),
    );
    child.once("exit", (exitCode, signal) => resolve(exitCode ?? (signal ? 128 : 1)));
  });
  // ssh's own exit code (255 = connection failed) is what scripts expect.
  if (code !== 0) process.exitCode = code;
}
