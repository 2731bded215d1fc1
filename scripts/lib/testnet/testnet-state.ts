/**
 * Which testnet runs are alive: each run keeps `<tmp>/gtn-<run id>/owner.pid`; namespaces of a
 * run whose owner is gone are stale, and the next run removes them (and every process left in
 * them) before it starts. A live run, e.g. one in parallel, is never touched.
 *
 * @example
 * await sweepStaleTestnets((line) => console.log(line));
 */
import { execFile } from "node:child_process";
import { readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { listNetns, removeNetns } from "./netns.ts";
import { runIdOfNamespace, TESTNET_PREFIX } from "./topology.ts";

const run = promisify(execFile);

/** The folder of run `runId` (data dirs, logs, the owner's pid). */
export function testnetDir(runId: string): string {
  return join(tmpdir(), `${TESTNET_PREFIX}${runId}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** SIGKILLs every process inside namespace `ns` (`ip netns pids`); none is no error. */
export async function killNetnsProcesses(ns: string): Promise<void> {
  const { stdout } = await run("ip", ["netns", "pids", ns], { timeout: 30_000 }).catch(() => ({
    stdout: "",
  }));
  for (const pid of stdout.split("\n").filter((line) => /^\d+$/.test(line.trim()))) {
    try {
      process.kill(Number(pid), "SIGKILL");
    } catch {
      // Already gone.
    }
  }
}

/** Removes the namespaces (and their processes and folders) of testnet runs whose owner is dead. */
export async function sweepStaleTestnets(log: (line: string) => void): Promise<void> {
  const byRun = new Map<string, string[]>();
  for (const ns of await listNetns()) {
    const runId = runIdOfNamespace(ns);
    if (runId === undefined) continue;
    byRun.set(runId, [...(byRun.get(runId) ?? []), ns]);
  }
  for (const [runId, names] of byRun) {
    const owner = await readFile(join(testnetDir(runId), "owner.pid"), "utf8").catch(() => "");
    if (owner.trim() !== "" && isAlive(Number(owner))) continue;
    log(`removing the stale testnet ${runId} (${names.length} namespaces)`);
    for (const ns of names) await killNetnsProcesses(ns);
    await removeNetns(names);
    await rm(testnetDir(runId), { recursive: true, force: true });
  }
}
