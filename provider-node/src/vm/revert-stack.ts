/** Undo steps for a multi-step operation, run in reverse order unless the operation succeeds. */
export type RevertStack = {
  /** Registers the undo of a step that just succeeded. */
  add(undo: () => Promise<void> | void): void;
  /** Forgets every undo: the operation succeeded. */
  success(): void;
  /**
   * Runs every registered undo, last first; an undo that fails does not stop the others.
   * Returns the errors of the undos that failed.
   */
  revert(): Promise<unknown[]>;
};

/**
 * Creates a revert stack (Incus's `revert.New()`): every step registers its undo, and a
 * failure part-way leaves nothing behind.
 *
 * @example
 * const revert = createRevertStack();
 * try {
 *   await mkdir(dir); revert.add(() => rm(dir, { recursive: true, force: true }));
 *   await startProcess(); revert.add(() => killProcess());
 *   revert.success();
 * } finally { await revert.revert(); }
 */
export function createRevertStack(): RevertStack {
  let undos: Array<() => Promise<void> | void> = [];
  return {
    add(undo) {
      undos.push(undo);
    },
    success() {
      undos = [];
    },
    async revert() {
      const errors: unknown[] = [];
      const pending = undos.reverse();
      undos = [];
      for (const undo of pending) {
        try {
          await undo();
        } catch (error) {
          errors.push(error);
        }
      }
      return errors;
    },
  };
}
