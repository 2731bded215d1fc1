import { statfs } from "node:fs/promises";
import { availableParallelism, totalmem } from "node:os";

/** Resources in the units the node reserves them in. */
export type ResourceAmounts = {
  /** Virtual CPUs (host: logical CPUs). */
  cpu: number;
  /** Memory in MiB. */
  memoryMib: number;
  /** Disk in GiB. */
  storageGib: number;
};

/**
 * What the host has: logical CPUs, total memory, and the size of the file system that
 * holds `dataDir` (where VM disks live).
 *
 * @example const total = await readHostResources(config.dataDir);
 */
export async function readHostResources(dataDir: string): Promise<ResourceAmounts> {
  const fs = await statfs(dataDir);
  return {
    cpu: availableParallelism(),
    memoryMib: Math.floor(totalmem() / 1024 ** 2),
    storageGib: Math.floor((fs.blocks * fs.bsize) / 1024 ** 3),
  };
}
