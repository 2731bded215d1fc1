import { parseVmId, type VmId } from "../driver.ts";

/** Runs `task` once every earlier task for the same VM has settled; see {@link createVmQueue}. */
export type VmQueue = <T>(id: VmId, task: () => Promise<T>) => Promise<T>;

/**
 * Creates a per-VM queue: one operation per VM at a time (a stop racing a destroy would
 * leave either half done), while different VMs run in parallel. A task runs whether the one
 * before it failed or not. Ids are checked again here, before anything runs: they become
 * paths, and `destroy` removes a directory; a bad id rejects with `VM_INVALID_SPEC`.
 *
 * @example
 * const serialize = createVmQueue();
 * await serialize(parseVmId("vm-1"), () => stopVm("vm-1"));
 */
export function createVmQueue(): VmQueue {
  const queues = new Map<string, Promise<unknown>>();
  return <T>(id: VmId, task: () => Promise<T>): Promise<T> => {
    try {
      parseVmId(id);
    } catch (error) {
      return Promise.reject(error);
    }
    const run = (queues.get(id) ?? Promise.resolve()).catch(() => {}).then(task);
    queues.set(id, run);
    return run.finally(() => {
      if (queues.get(id) === run) queues.delete(id);
    });
  };
}
