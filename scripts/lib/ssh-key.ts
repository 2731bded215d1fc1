/**
 * Real OpenSSH for the demo, benchmarks and VM end-to-end tests: a fresh ed25519 key pair
 * and commands run in a guest as the `golem` user.
 *
 * @example
 * const key = await generateSshKey(dir);
 * await waitForSshLogin({ keyPath: key.privateKeyPath, port, timeoutMs: 300_000 });
 * console.log(await runSsh({ keyPath: key.privateKeyPath, port, command: "uname -a" }));
 */
import { execFile, spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";

const run = promisify(execFile);

/** A key pair written by `ssh-keygen`. */
export type SshKey = { privateKeyPath: string; publicKey: string };

/** Writes a new ed25519 key pair without passphrase to `<dir>/id_ed25519`. */
export async function generateSshKey(dir: string, comment = "vm-on-golem"): Promise<SshKey> {
  const privateKeyPath = join(dir, "id_ed25519");
  await run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", privateKeyPath]);
  const publicKey = (await readFile(`${privateKeyPath}.pub`, "utf8")).trim();
  return { privateKeyPath, publicKey };
}

/** Where and as whom to log in. */
export type SshTarget = {
  keyPath: string;
  port: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default golem. */
  user?: string;
};

/** The `ssh` argv (without the remote command) for `target`: no host key checks, batch mode. */
export function sshArgs(target: SshTarget, extra: string[] = []): string[] {
  return [
    ...["-i", target.keyPath, "-p", String(target.port)],
    ...["-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null"],
    ...["-o", "BatchMode=yes", "-o", "ConnectTimeout=20", "-o", "LogLevel=ERROR"],
    ...extra,
    `${target.user ?? "golem"}@${target.host ?? "127.0.0.1"}`,
  ];
}

/** The command a person types to log in to `target`. */
export function sshCommandLine(target: SshTarget): string {
  return `ssh -i ${target.keyPath} -p ${target.port} -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null ${target.user ?? "golem"}@${target.host ?? "127.0.0.1"}`;
}

/** Runs `command` in the guest once; resolves with its stdout, rejects on a non-zero exit. */
export async function runSsh(
  parameters: SshTarget & { command: string; timeoutMs?: number },
): Promise<string> {
  const { stdout } = await run("ssh", [...sshArgs(parameters), parameters.command], {
    timeout: parameters.timeoutMs ?? 120_000,
  });
  return stdout;
}

/**
 * Tries `true` over SSH every `intervalMs` (default 1000) until a login works; resolves with
 * the seconds waited. `onWait` is called after each failed try with the seconds so far.
 */
export async function waitForSshLogin(
  parameters: SshTarget & {
    timeoutMs: number;
    intervalMs?: number;
    onWait?: (seconds: number) => void;
  },
): Promise<number> {
  const started = performance.now();
  const deadline = Date.now() + parameters.timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn("ssh", [...sshArgs(parameters, ["-o", "ConnectTimeout=5"]), "true"], {
        stdio: ["ignore", "ignore", "pipe"],
      });
      child.stderr.on("data", (b: Buffer) => {
        last = b.toString().trim();
      });
      const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
      child.on("close", (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    if (code === 0) return (performance.now() - started) / 1000;
    parameters.onWait?.((performance.now() - started) / 1000);
    await sleep(parameters.intervalMs ?? 1000);
  }
  throw new Error(
    `no SSH login on ${parameters.host ?? "127.0.0.1"}:${parameters.port} within ${parameters.timeoutMs} ms (last: ${last})`,
  );
}
