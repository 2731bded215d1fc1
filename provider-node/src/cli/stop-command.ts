import { readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { GolemError } from "@vm-on-golem/sdk/errors";
import { isProcessAlive, readLivePid, runtimePaths } from "../daemon/pid-file.ts";
import { type CliContext, loadConfig } from "./cli-context.ts";

/** Options of `golem-provider stop`. */
export type StopOptions = { dataDir?: string; timeout?: number };

/**
 * `golem-provider stop`: sends SIGTERM to the daemon named in `<dataDir>/provider.pid`, waits
 * until it has exited and removes the pid file. VMs keep running; the next start re-adopts
 * them. Says so plainly when no node runs.
 */
export async function stopCommand(ctx: CliContext, options: StopOptions): Promise<void> {
  const { config } = await loadConfig(ctx, { dataDir: options.dataDir });
  const paths = runtimePaths(config.dataDir);
  const pid = await readLivePid(paths.pidFile);
  if (pid === undefined) {
    ctx.out(`golem-provider is not running (no live process in ${paths.pidFile})`);
    return;
  }
  if (!looksLikeProvider(pid)) {
    await rm(paths.pidFile, { force: true });
    ctx.out(
      `golem-provider is not running (pid ${pid} in ${paths.pidFile} is another program; removed the stale file)`,
    );
    return;
  }
  process.kill(pid, "SIGTERM");
  const timeoutMs = (options.timeout ?? 60) * 1000;
  const deadline = Date.now() + timeoutMs;
  while (isProcessAlive(pid)) {
    if (Date.now() > deadline) {
      throw new GolemError(
        "DAEMON_ALREADY_RUNNING",
        `golem-provider (pid ${pid}) did not stop within ${timeoutMs / 1000} s`,
        {
          hints: [
            `look at ${paths.logFile}; end it with \`kill -9 ${pid}\` (VMs keep running and are re-adopted at the next start)`,
          ],
        },
      );
    }
    await sleep(100);
  }
  await rm(paths.pidFile, { force: true });
  ctx.out(
    `golem-provider stopped (pid ${pid}); VMs keep running and are re-adopted at the next start`,
  );
}

/** Whether `pid` runs this CLI (a pid file can outlive its process and the pid be reused). */
function looksLikeProvider(pid: number): boolean {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
    return /golem-provider|cli\/main\.ts/.test(cmdline);
  } catch {
    return true; // No /proc (not Linux): trust the pid file.
  }
}
