import { spawn } from "node:child_process";
import { mkdir, open, readFile } from "node:fs/promises";
import { connect } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { GolemError } from "@vm-on-golem/sdk/errors";
import type { ProviderConfig } from "../config/provider-config.ts";
import { readLivePid, runtimePaths } from "../daemon/pid-file.ts";
import { localAddressOf } from "../net/forward-table.ts";

/** Parameters of {@link spawnDaemon}. */
export type SpawnDaemonParameters = {
  config: ProviderConfig;
  /** The CLI's own executable and script. */
  self: { execPath: string; args: string[] };
  /** Arguments for the child (`start …` without `--daemon`). */
  args: string[];
  env: Record<string, string | undefined>;
  /** How long to wait for the API (ms, default 15 min: the first start may build the base image). */
  timeoutMs?: number;
};

/**
 * Starts `golem-provider start …` again as a detached process (own session; its log in
 * `log.file`, by default `<dataDir>/provider.log` rotated by size; stdout and stderr, where a
 * failed start or a crash is told, in `<dataDir>/provider.out`) and waits until its API answers
 * `GET /api/v1/health` and its operator socket (opened last) listens. Fails with `DAEMON_ALREADY_RUNNING`, or `DAEMON_NOT_RUNNING` with
 * the log's last lines when the child exits or never answers.
 *
 * @example const { pid } = await spawnDaemon({ config, self, args: ["start"], env: process.env });
 */
export async function spawnDaemon(
  parameters: SpawnDaemonParameters,
): Promise<{ pid: number; logFile: string }> {
  const { config } = parameters;
  const paths = runtimePaths(config.dataDir);
  const running = await readLivePid(paths.pidFile);
  if (running !== undefined) {
    throw new GolemError(
      "DAEMON_ALREADY_RUNNING",
      `golem-provider already runs from ${config.dataDir} (pid ${running})`,
    );
  }
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  const logFile = config.log.file || paths.logFile;
  // Emptied at each start: only this run's startup failure or crash is in it.
  const out = await open(paths.outFile, "w", 0o600);
  const child = spawn(parameters.self.execPath, [...parameters.self.args, ...parameters.args], {
    detached: true,
    stdio: ["ignore", out.fd, out.fd],
    env: { ...parameters.env, GOLEM_PROVIDER_LOG_FILE: logFile },
  });
  await out.close();
  child.unref();
  let exited: string | undefined;
  child.once("exit", (code, signal) => {
    exited = signal ? `signal ${signal}` : `exit code ${code}`;
  });
  const pid = child.pid;
  if (pid === undefined)
    throw new GolemError("DAEMON_NOT_RUNNING", "the daemon process could not be started");

  const url = `http://${hostForUrl(localAddressOf(config.api.host))}:${config.api.port}/api/v1/health`;
  const deadline = Date.now() + (parameters.timeoutMs ?? 15 * 60_000);
  while (Date.now() < deadline) {
    if (exited) break;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      // Started means every part is up: the operator socket listens last.
      if (
        res.ok &&
        (await readLivePid(paths.pidFile)) === pid &&
        (await socketListens(paths.operatorSocket))
      ) {
        return { pid, logFile };
      }
    } catch {
      // Not listening yet.
    }
    await sleep(200);
  }
  if (!exited) {
    try {
      process.kill(pid, "SIGTERM");
    } catch {}
  }
  const tail = async (file: string) =>
    (await readFile(file, "utf8").catch(() => "")).split("\n").slice(-15);
  const lines = [...(await tail(logFile)), ...(await tail(paths.outFile))];
  // The child prints its failure as `error[CODE]: …`; that line says why.
  const why = lines.findLast((line) => line.startsWith("error["));
  throw new GolemError(
    "DAEMON_NOT_RUNNING",
    exited
      ? `the daemon stopped during start (${exited})${why ? `: ${why}` : ""}`
      : `the daemon's API did not answer at ${url} in time`,
    {
      hints: [`read ${paths.outFile} and ${logFile}; their last lines are in details`],
      details: { log: lines.join("\n") },
    },
  );
}

function hostForUrl(host: string): string {
  return host.includes(":") ? `[${host}]` : host;
}

/** Whether something accepts connections on the Unix socket at `path` (a stale file does not). */
function socketListens(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(path);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}
