/**
 * Undo steps for a script that starts things (chain, daemon, VM): run newest first, once,
 * whether the script ends normally, fails or gets Ctrl-C. A step added after the run began
 * (something finished starting while Ctrl-C was being handled) is undone at once.
 *
 * @example
 * const cleanup = createCleanupStack((line) => console.log(line));
 * cleanup.add("stop the chain", () => chain.stop());
 * await cleanup.run();
 */
export type CleanupStack = {
  add(label: string, undo: () => Promise<unknown>): void;
  /** Runs every step (errors are reported, not thrown); the same promise on every call. */
  run(): Promise<void>;
};

/** Creates an empty {@link CleanupStack}; `report` gets a line per step. */
export function createCleanupStack(report: (line: string) => void): CleanupStack {
  const steps: { label: string; undo: () => Promise<unknown> }[] = [];
  let running: Promise<void> | undefined;
  const runStep = async (step: { label: string; undo: () => Promise<unknown> }) => {
    report(`  cleanup: ${step.label}`);
    try {
      await step.undo();
    } catch (error) {
      report(`  cleanup: ${step.label} failed: ${(error as Error).message ?? error}`);
    }
  };
  return {
    add(label, undo) {
      if (running) void running.then(() => runStep({ label, undo }));
      else steps.push({ label, undo });
    },
    run() {
      running ??= (async () => {
        for (const step of steps.reverse()) await runStep(step);
      })();
      return running;
    },
  };
}
