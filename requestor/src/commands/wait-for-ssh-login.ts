import { spawn } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { GolemError } from "@vm-on-golem/sdk/errors";

/** Parameters of {@link waitForSshLogin}. */
export type WaitForSshLoginParameters = {
  /** The ssh program (the config's `ssh.command`). */
  command: string;
  /** `sshArgs(…)` for the VM, without a remote command. */
  args: readonly string[];
  /** The VM's name, for the error's hints. */
  name: string;
  env?: NodeJS.ProcessEnv | undefined;
  /** Give up after this long (ms, default 5 min). */
  timeoutMs?: number | undefined;
  /** Pause between attempts (ms, default 2 s). */
  intervalMs?: number | undefined;
  /** Called after each failed attempt with ssh's last error line. */
  onRetry?: ((attempt: number, lastError: string) => void) | undefined;
};

/**
 * Logs in to a VM with the requestor's key and runs `true`, again and again until it works:
 * an SSH banner on the port (what the provider waits for) comes before the guest has
 * installed the key or finished restarting sshd. Resolves `true` once a login worked, `false`
 * when there is no ssh program to try with (the VM is usable all the same); after `timeoutMs`
 * fails with `PROVIDER_UNREACHABLE` carrying ssh's last error. A server whose host key is not
 * the pinned one fails at once with `SSH_HOST_KEY_MISMATCH` (no retry: the guest presents only
 * the keys it was given from its first boot on).
 *
 * @example
 * await waitForSshLogin({ command: "ssh", args: sshArgs({ vm, keyPath, user }), name: "web-1" });
 */
export async function waitForSshLogin(parameters: WaitForSshLoginParameters): Promise<boolean> {
  const deadline = Date.now() + (parameters.timeoutMs ?? 5 * 60_000);
  const args = ["-o", "BatchMode=yes", "-o", "ConnectTimeout=10", ...parameters.args, "true"];
  let lastError = "";
  for (let attempt = 1; ; attempt++) {
    const result = await tryOnce(parameters.command, args, parameters.env);
    if (result === "missing") return false;
    if (result === "ok") return true;
    if (result.hostKeyRefused) throw hostKeyMismatch(parameters.name, result.error);
    lastError = result.error;
    if (Date.now() + (parameters.intervalMs ?? 2000) > deadline) break;
    parameters.onRetry?.(attempt, lastError);
    await sleep(parameters.intervalMs ?? 2000);
  }
  throw new GolemError(
    "PROVIDER_UNREACHABLE",
    "the VM runs but an SSH login did not work in time",
    {
      hints: [
        `try \`golem vm ssh ${parameters.name}\` in a minute; the stream keeps paying meanwhile`,
        `or give it up with \`golem vm destroy ${parameters.name}\` (the rest of the deposit is refunded)`,
      ],
      details: { name: parameters.name, sshError: lastError },
    },
  );
}

/** The error of a login refused because the server's host key is not the pinned one. */
function hostKeyMismatch(name: string, sshError: string): GolemError {
  return new GolemError(
    "SSH_HOST_KEY_MISMATCH",
    `the SSH server of VM ${name} presented a host key that is not the one its provider gave; ssh refused to log in`,
    { details: { name, sshError } },
  );
}

/** What ssh prints when a host key is not the known one (changed, or none known with strict checking). */
const hostKeyRefusal = /Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED/;

/**
 * One `ssh … true`: "ok", "missing" (no such program) or the last line ssh printed, and
 * whether ssh refused the server's host key.
 */
function tryOnce(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv | undefined,
): Promise<"ok" | "missing" | { error: string; hostKeyRefused?: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ["ignore", "ignore", "pipe"], env });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once("error", (error: NodeJS.ErrnoException) =>
      resolve(error.code === "ENOENT" ? "missing" : { error: error.message }),
    );
    child.once("close", (code) => {
      if (code === 0) return resolve("ok");
      const lines = stderr.trim().split("\n").filter(Boolean);
      resolve({
        error: lines.at(-1) ?? `ssh exited ${code}`,
        hostKeyRefused: code === 255 && hostKeyRefusal.test(stderr),
      });
    });
  });
}
