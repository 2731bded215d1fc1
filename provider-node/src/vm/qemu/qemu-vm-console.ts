import type { VmId } from "../driver.ts";
import { drainQemuConsole, readConsoleTail } from "./qemu-console.ts";
import { livePidOf } from "./qemu-process.ts";
import { requireQemuRecord } from "./qemu-vm-status.ts";
import type { QemuVmStore } from "./qemu-vm-store.ts";

/**
 * The last `maxBytes` of a VM's serial console in this boot (drained from QEMU's ring first
 * when the VM runs); a stopped VM shows what its last boot wrote. `VM_NOT_FOUND` when the VM
 * does not exist.
 *
 * @example const output = await readQemuVmConsole(store, id, 64 * 1024);
 */
export async function readQemuVmConsole(
  store: QemuVmStore,
  id: VmId,
  maxBytes: number,
): Promise<Buffer> {
  await requireQemuRecord(store, id);
  const files = store.files(id);
  if ((await livePidOf(files.pidFile)) !== undefined) await drainQemuConsole(files);
  return readConsoleTail(files, maxBytes);
}

/**
 * Drains the console ring of every running VM into its capped file, so `console.log` stays
 * current for anyone reading it on the host. Never rejects.
 *
 * @example setInterval(() => void drainRunningConsoles(store), 1_000).unref();
 */
export async function drainRunningConsoles(store: QemuVmStore): Promise<void> {
  const ids = await store.listIds().catch(() => [] as VmId[]);
  await Promise.all(
    ids.map(async (id) => {
      const files = store.files(id);
      if ((await livePidOf(files.pidFile)) !== undefined) {
        await drainQemuConsole(files).catch(() => 0);
      }
    }),
  );
}
