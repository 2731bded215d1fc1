import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The CLI's bin shim, run as users run it. */
export const golemBin = fileURLToPath(new URL("../bin/golem.js", import.meta.url));

/** What one CLI run printed and how it ended. */
export type GolemRun = { code: number; stdout: string; stderr: string };

/**
 * Runs the real `golem` CLI in a child process with `env` added to a minimal environment
 * (no GOLEM_REQUESTOR_* leaks in from the developer's shell).
 */
export function runGolem(
  args: string[],
  env: Record<string, string>,
  options: { timeoutMs?: number } = {},
): Promise<GolemRun> {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith("GOLEM_REQUESTOR_")),
  );
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [golemBin, ...args],
      { env: { ...base, ...env }, timeout: options.timeoutMs ?? 120_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Parses the JSON a `--json` run printed, failing with its stderr when it did not succeed. */
export function jsonOf<T = Record<string, unknown>>(run: GolemRun): T {
  if (run.code !== 0) throw new Error(`golem exited ${run.code}: ${run.stderr}${run.stdout}`);
  return JSON.parse(run.stdout) as T;
}
