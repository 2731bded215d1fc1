import { readFile } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { runCommand } from "./run-command.ts";

/** CPU time and resident memory of one host process, from Linux `/proc`. */
export type ProcessUsage = {
  /** User + system CPU time since the process started (seconds). */
  cpuSeconds: number;
  /** CPU used over the sample window, in CPUs (1.5 = one and a half CPUs busy). */
  cpusBusy: number;
  /** Resident set size (bytes). */
  rssBytes: number;
  /** How long the CPU time was sampled over (ms). */
  windowMs: number;
};

let clockTicks: Promise<number> | undefined;

/** `sysconf(_SC_CLK_TCK)`: units of the CPU times in `/proc/<pid>/stat` (100 on Linux almost always). */
function clockTicksPerSecond(): Promise<number> {
  clockTicks ??= runCommand("getconf", ["CLK_TCK"], { timeoutMs: 5000 }).then(
    ({ stdout }) => Number.parseInt(stdout, 10) || 100,
    () => 100,
  );
  return clockTicks;
}

/** utime + stime of `pid` in clock ticks (`/proc/<pid>/stat` fields 14 and 15). */
async function cpuTicksOf(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8");
  // Fields after the parenthesised command name (which may hold spaces) start at field 3.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(fields[11]) + Number(fields[12]);
}

/** VmRSS of `pid` in bytes (`/proc/<pid>/status`). */
async function rssBytesOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const kib = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status)?.[1];
  return kib === undefined ? 0 : Number(kib) * 1024;
}

/**
 * Samples a process's CPU time twice `windowMs` apart and reads its resident memory: what a
 * hypervisor process (one per VM) uses, measured on the host. Throws when the process is
 * gone (ENOENT). Linux only.
 *
 * @example const { cpusBusy, rssBytes } = await sampleProcessUsage(qemuPid, 250);
 */
export async function sampleProcessUsage(pid: number, windowMs: number): Promise<ProcessUsage> {
  const hz = await clockTicksPerSecond();
  const started = performance.now();
  const before = await cpuTicksOf(pid);
  await sleep(windowMs);
  const after = await cpuTicksOf(pid);
  const elapsedMs = performance.now() - started;
  return {
    cpuSeconds: after / hz,
    cpusBusy: elapsedMs > 0 ? (after - before) / hz / (elapsedMs / 1000) : 0,
    rssBytes: await rssBytesOf(pid),
    windowMs: Math.round(elapsedMs),
  };
}
