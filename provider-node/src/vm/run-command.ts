import { execFile } from "node:child_process";
import { VmError, type VmErrorCode } from "./vm-error.ts";

/** Options of {@link runCommand}. */
export type RunCommandOptions = {
  /** Kill the command after this many milliseconds (default: no limit). */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Text written to the command's standard input. */
  input?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Error code when the command fails (default `DRIVER_COMMAND_FAILED`). */
  errorCode?: VmErrorCode;
};

/** What a finished command printed. */
export type RunCommandReturnType = { stdout: string; stderr: string };

/**
 * Runs `file` with `args` (no shell) and resolves with its output, or rejects with a
 * {@link VmError} whose details hold the exit code and the tail of stderr.
 *
 * @example const { stdout } = await runCommand("qemu-img", ["info", "--output=json", path]);
 */
export function runCommand(
  file: string,
  args: readonly string[],
  options: RunCommandOptions = {},
): Promise<RunCommandReturnType> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      file,
      args,
      {
        maxBuffer: 64 * 1024 * 1024,
        timeout: options.timeoutMs ?? 0,
        killSignal: "SIGKILL",
        signal: options.signal,
        env: options.env,
        cwd: options.cwd,
        encoding: "utf8",
      },
      (error, stdout, stderr) => {
        if (!error) return resolve({ stdout, stderr });
        const err = error as NodeJS.ErrnoException & { code?: unknown; killed?: boolean };
        const missing = err.code === "ENOENT";
        const tail = stderr.trim().split("\n").slice(-20).join("\n");
        reject(
          new VmError(
            options.errorCode ?? "DRIVER_COMMAND_FAILED",
            missing
              ? `${file} is not installed (not found on PATH)`
              : `${file} ${args[0] ?? ""} failed${tail ? `: ${tail.split("\n").at(-1)}` : ""}`,
            {
              hints: missing ? [`Install ${file} and try again.`] : [],
              details: {
                command: [file, ...args],
                exitCode: typeof err.code === "number" ? err.code : undefined,
                killed: err.killed ?? false,
                stderr: tail,
                stdout: stdout.slice(-2000),
              },
              cause: error,
            },
          ),
        );
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}
