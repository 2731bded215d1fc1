import type { VmStats } from "../driver.ts";
import { percentOf } from "../qemu/qemu-stats.ts";
import type { MultipassInfoEntry } from "./multipass-json.ts";

/**
 * A running instance's usage from `multipass info --format json`, which reports what the
 * guest itself sees: its 1-minute load average (as CPU usage), used/total memory in bytes and
 * used/total disk in bytes as strings. Multipass reports no CPU time and no disk I/O (null).
 *
 * @example const stats = multipassStats(info.info["golem-vm-1"]);
 */
export function multipassStats(entry: MultipassInfoEntry): VmStats {
  const cpus = Number.parseInt(entry.cpu_count, 10) || 1;
  const disk = Object.values(entry.disks)[0] ?? {};
  return {
    cpu: { count: cpus, usagePercent: percentOf(entry.load[0] ?? 0, cpus), timeSeconds: null },
    memory: {
      totalMiB: Math.round((entry.memory.total ?? 0) / 1024 ** 2),
      usedMiB: Math.round((entry.memory.used ?? 0) / 1024 ** 2),
    },
    disk: {
      totalGiB: Math.round(Number(disk.total ?? 0) / 1024 ** 3),
      usedBytes: Number(disk.used ?? 0),
      readBytes: null,
      writeBytes: null,
    },
    sampleWindowMs: 60_000,
  };
}
