import { stat } from "node:fs/promises";
import type { VmSpec, VmStats } from "../driver.ts";
import { sampleProcessUsage } from "../process-usage.ts";
import type { QemuVmFiles } from "./qemu-vm-store.ts";
import { connectQmp } from "./qmp.ts";

/** One entry of QMP `query-blockstats` (the fields read here). */
type QmpBlockStats = { device: string; stats: { rd_bytes: number; wr_bytes: number } };

/**
 * What a running QEMU VM uses, measured on the host: CPU time and resident memory of its
 * QEMU process (`/proc`, CPU sampled over `windowMs`), the qcow2 overlay's allocated size,
 * and the root disk's read/write bytes from QMP `query-blockstats` (null when QMP is busy:
 * it serves one client at a time).
 *
 * @example const stats = await readQemuStats({ pid, files, spec, windowMs: 250 });
 */
export async function readQemuStats(p: {
  pid: number;
  files: QemuVmFiles;
  spec: VmSpec;
  windowMs: number;
}): Promise<VmStats> {
  const [usage, disk, io] = await Promise.all([
    sampleProcessUsage(p.pid, p.windowMs),
    stat(p.files.disk),
    rootDiskIo(p.files.qmpSocket),
  ]);
  return {
    cpu: {
      count: p.spec.cpu,
      usagePercent: percentOf(usage.cpusBusy, p.spec.cpu),
      timeSeconds: usage.cpuSeconds,
    },
    memory: { totalMiB: p.spec.memoryMiB, usedMiB: Math.round(usage.rssBytes / 1024 ** 2) },
    disk: {
      totalGiB: p.spec.storageGiB,
      // st_blocks counts 512-byte units whatever the file system's block size.
      usedBytes: disk.blocks * 512,
      readBytes: io?.rd_bytes ?? null,
      writeBytes: io?.wr_bytes ?? null,
    },
    sampleWindowMs: usage.windowMs,
  };
}

/** `busy` CPUs as a share of `count`, 0–100 with one decimal. */
export function percentOf(busy: number, count: number): number {
  return Math.round(Math.min(100, Math.max(0, (busy / count) * 100)) * 10) / 10;
}

async function rootDiskIo(socket: string) {
  try {
    const qmp = await connectQmp(socket, { timeoutMs: 2000 });
    try {
      const all = await qmp.execute<QmpBlockStats[]>("query-blockstats");
      return all.find((entry) => entry.device === "root")?.stats;
    } finally {
      qmp.close();
    }
  } catch {
    return undefined;
  }
}
