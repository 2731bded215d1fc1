import { readFileSync } from "node:fs";
import { readFile, rename, rm, writeFile } from "node:fs/promises";

/** Where a node keeps its runtime files inside its data directory. */
export function runtimePaths(dataDir: string) {
  return {
    pidFile: `${dataDir}/provider.pid`,
    logFile: `${dataDir}/provider.log`,
    /** The daemon's stdout and stderr (a start's failure, a crash), emptied at each start. */
    outFile: `${dataDir}/provider.out`,
    operatorSocket: `${dataDir}/operator.sock`,
    database: `${dataDir}/provider.db`,
    configFile: `${dataDir}/config.json`,
    vmsDir: `${dataDir}/vms`,
    nodeIdFile: `${dataDir}/node-id`,
  };
}

/** Whether a process with `pid` exists and is not a zombie. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
  try {
    // /proc/<pid>/stat: "pid (comm) S …"; a zombie has exited and only waits to be reaped.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return true;
  }
}

/**
 * The pid in a pid file when that process is alive, else undefined (a stale file is removed).
 *
 * @example const pid = await readLivePid(paths.pidFile);
 */
export async function readLivePid(pidFile: string): Promise<number | undefined> {
  let text: string;
  try {
    text = await readFile(pidFile, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  const pid = Number.parseInt(text.trim(), 10);
  if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isProcessAlive(pid)) return pid;
  if (Number.isInteger(pid) && pid === process.pid) return pid;
  await rm(pidFile, { force: true });
  return undefined;
}

/** Writes this process's pid atomically (temp file + rename). */
export async function writePidFile(pidFile: string, pid = process.pid): Promise<void> {
  const temp = `${pidFile}.${pid}.tmp`;
  await writeFile(temp, `${pid}\n`, { mode: 0o644 });
  await rename(temp, pidFile);
}

/** Removes the pid file if it still names `pid`. */
export async function removePidFile(pidFile: string, pid = process.pid): Promise<void> {
  const text = await readFile(pidFile, "utf8").catch(() => "");
  if (Number.parseInt(text.trim(), 10) === pid) await rm(pidFile, { force: true });
}
