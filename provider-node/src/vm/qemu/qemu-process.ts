import { readFile } from "node:fs/promises";
import pRetry from "p-retry";

/**
 * The pid in QEMU's pid file if that process is still the QEMU that wrote it: alive, not a
 * zombie, and with the pid file's path on its command line (so a recycled pid never counts).
 */
export async function livePidOf(pidFile: string): Promise<number | undefined> {
  let pid: number;
  try {
    pid = Number.parseInt(await readFile(pidFile, "utf8"), 10);
  } catch {
    return undefined;
  }
  if (!Number.isSafeInteger(pid) || pid <= 0) return undefined;
  return (await isQemuAlive(pid, pidFile)) ? pid : undefined;
}

/** Whether `pid` runs (not a zombie) with `marker` among its arguments; Linux `/proc` only. */
export async function isQemuAlive(pid: number, marker: string): Promise<boolean> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8");
    // Field 3, after the parenthesised command name, is the state; Z = zombie, X = dead.
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
    if (state === "Z" || state === "X") return false;
    const cmdline = (await readFile(`/proc/${pid}/cmdline`, "utf8")).split("\0");
    return cmdline.includes(marker);
  } catch {
    return false;
  }
}

/** Waits until `pid` has exited (see {@link isQemuAlive}); resolves false if it still runs after `timeoutMs`. */
export async function waitForExit(
  pid: number,
  marker: string,
  timeoutMs: number,
): Promise<boolean> {
  try {
    await pRetry(
      async () => {
        if (await isQemuAlive(pid, marker)) throw new Error("still running");
      },
      { retries: Number.POSITIVE_INFINITY, factor: 1, minTimeout: 200, maxRetryTime: timeoutMs },
    );
    return true;
  } catch {
    return false;
  }
}
