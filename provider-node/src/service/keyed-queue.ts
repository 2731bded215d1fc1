/**
 * Runs tasks one at a time per key (a VM id) and in parallel across keys, so a stop
 * racing a destroy of the same VM cannot leave either half done.
 *
 * @example
 * const queue = createKeyedQueue();
 * await queue.run(vmId, () => destroy(vmId));
 */
export function createKeyedQueue() {
  const tails = new Map<string, Promise<unknown>>();
  return {
    /** Runs `task` after every earlier task of `key` has settled. */
    run<T>(key: string, task: () => Promise<T>): Promise<T> {
      const result = (tails.get(key) ?? Promise.resolve()).catch(() => {}).then(task);
      tails.set(key, result);
      void result
        .finally(() => {
          if (tails.get(key) === result) tails.delete(key);
        })
        .catch(() => {});
      return result;
    },
    /** Resolves when every task queued so far has settled. */
    async idle(): Promise<void> {
      while (tails.size > 0) await Promise.allSettled([...tails.values()]);
    },
  };
}

/** The queue returned by {@link createKeyedQueue}. */
export type KeyedQueue = ReturnType<typeof createKeyedQueue>;
