import { readdir, readFile } from "node:fs/promises";

/** Pids of live QEMU processes started for VM `id` (QEMU is named `golem-<id>`). */
export async function qemuPidsOf(id: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, "utf8").catch(() => "");
    if (cmdline.includes("qemu-system") && cmdline.includes(`golem-${id}\0`))
      pids.push(Number(entry));
  }
  return pids;
}
