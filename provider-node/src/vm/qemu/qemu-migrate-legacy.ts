import type { VmId } from "../driver.ts";
import { livePidOf } from "./qemu-process.ts";
import type { VmQueue } from "./qemu-vm-queue.ts";
import type { QemuVmStore } from "./qemu-vm-store.ts";

/** Parameters of {@link migrateLegacyVms}. */
export type MigrateLegacyVmsParameters = {
  store: QemuVmStore;
  /** The driver's per-VM queue, so a move never races another operation on the same VM. */
  serialize: VmQueue;
  log: (line: string) => void;
};

/**
 * Moves stopped VMs of the older directory layout (`<stateDir>/vms/<id>`) to
 * `<stateDir>/<id>`; running ones stay until a later pass. Never throws: a failure is
 * logged and retried at the next call.
 *
 * @example await migrateLegacyVms({ store, serialize, log });
 */
export async function migrateLegacyVms(parameters: MigrateLegacyVmsParameters): Promise<void> {
  const { store, serialize, log } = parameters;
  try {
    const moved: VmId[] = [];
    for (const id of await store.legacyIds()) {
      const done = await serialize(id, async () =>
        store.migrateLegacyDir(id, (await livePidOf(store.files(id).pidFile)) !== undefined),
      );
      if (done) moved.push(id);
    }
    await store.removeEmptyLegacyDir();
    if (moved.length > 0) log(`moved VM directories to ${store.vmsDir}: ${moved.join(", ")}`);
  } catch (error) {
    log(`moving VM directories to ${store.vmsDir} failed, will retry: ${String(error)}`);
  }
}
