/**
 * The requestor CLI `golem`, run as a user runs it (its bin shim in a child process), for the
 * demo and the end-to-end tests.
 *
 * @example
 * const run = await runGolem(["wallet", "address", "--json"], { GOLEM_REQUESTOR_HOME: home });
 * const { address } = jsonOf<{ address: string }>(run);
 *
 * @example
 * // The demo: the command line, then the CLI's own output (spinners and all) on the terminal.
 * await showGolem(["vm", "providers"], env);
 */
import { type ChildProcessByStdio, execFile, spawn } from "node:child_process";
import { once } from "node:events";
import type { Readable } from "node:stream";
import { fileURLToPath } from "node:url";

/** The CLI's bin shim. */
export const golemBin = fileURLToPath(new URL("../../requestor/bin/golem.js", import.meta.url));

/** What one CLI run printed and how it ended. */
export type GolemRun = { code: number; stdout: string; stderr: string };

/** The caller's environment without GOLEM_REQUESTOR_* (nothing leaks in from a developer's shell), plus `env`. */
function golemEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith("GOLEM_REQUESTOR_")),
  );
  return { ...base, ...env };
}

/**
 * Runs `golem args…` with `env`, capturing its output; never rejects (see `code`). With
 * `netns` it runs inside that network namespace (`ip netns exec`; needs root), as the
 * testnet's requestor host does.
 */
export function runGolem(
  args: string[],
  env: Record<string, string>,
  options: { timeoutMs?: number; netns?: string } = {},
): Promise<GolemRun> {
  const argv = [process.execPath, golemBin, ...args];
  if (options.netns) argv.unshift("ip", "netns", "exec", options.netns);
  const [file, ...rest] = argv as [string, ...string[]];
  return new Promise((resolve) => {
    execFile(
      file,
      rest,
      { env: golemEnv(env), timeout: options.timeoutMs ?? 120_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/**
 * Starts `golem args…` with `env` and its output piped, for long-running commands such as
 * `server api`; the caller reads its stdout and kills it.
 */
export function spawnGolem(
  args: string[],
  env: Record<string, string>,
): ChildProcessByStdio<null, Readable, Readable> {
  return spawn(process.execPath, [golemBin, ...args], {
    env: golemEnv(env),
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** Parses the JSON a `--json` run printed, failing with its stderr when it did not succeed. */
export function jsonOf<T = Record<string, unknown>>(run: GolemRun): T {
  if (run.code !== 0) throw new Error(`golem exited ${run.code}: ${run.stderr}${run.stdout}`);
  return JSON.parse(run.stdout) as T;
}

/**
 * Prints `$ golem args…` and runs it on this process's terminal (its progress and errors show
 * as a user would see them); rejects when it exits non-zero.
 */
export async function showGolem(args: string[], env: Record<string, string>): Promise<void> {
  console.log(`  $ golem ${args.map(quoteArg).join(" ")}`);
  const child = spawn(process.execPath, [golemBin, ...args], {
    env: golemEnv(env),
    stdio: ["ignore", "inherit", "inherit"],
  });
  const [code, signal] = (await once(child, "exit")) as [number | null, string | null];
  if (code !== 0)
    throw new Error(
      `golem ${args[0] ?? ""} ${args[1] ?? ""} ended with ${signal ?? `exit code ${code}`}`,
    );
}

function quoteArg(arg: string): string {
  return /^[\w./:@=,-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;
}
