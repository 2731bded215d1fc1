import type { StreamId } from "@vm-on-golem/sdk/stream";
import type { TopUpCycleEntry } from "./run-top-up-cycle.ts";

/** Parameters of {@link startTopUpMonitor}. */
export type StartTopUpMonitorParameters = {
  /** Time between the end of one cycle and the start of the next (ms). */
  intervalMs: number;
  /** The streams to keep funded now (read again each cycle: VMs come and go). */
  streams: () => Promise<{ streamId: StreamId; vmName?: string | undefined }[]>;
  /** One pass over `streams` (`runTopUpCycle` bound to a session and wallet). */
  cycle: (
    streams: { streamId: StreamId; vmName?: string | undefined }[],
  ) => Promise<TopUpCycleEntry[]>;
  /** Told about each finished cycle (for logs); a throw here is ignored. */
  onCycle?: ((report: TopUpMonitorReport) => void) | undefined;
};

/** What the last cycle did. */
export type TopUpMonitorReport = {
  /** Cycles finished so far. */
  cycles: number;
  /** Unix ms the last cycle ended. */
  at: number;
  entries: TopUpCycleEntry[];
  /**
   * Streams this monitor stopped paying for since it started because their provider no longer
   * runs the VM (`held: "vm-gone"`), latest entry per stream: what to destroy to get the rest back.
   */
  unfunded: TopUpCycleEntry[];
  /** Set when the cycle failed as a whole (e.g. the db could not be read). */
  error: string | undefined;
};

/** A running monitor; see {@link startTopUpMonitor}. */
export type TopUpMonitor = {
  /** The last finished cycle, or undefined before the first one ends. */
  last(): TopUpMonitorReport | undefined;
  /** Runs a cycle now (after any running one) and resolves with its report. */
  runNow(): Promise<TopUpMonitorReport>;
  /** Stops the timer and waits for a running cycle to end. */
  stop(): Promise<void>;
};

/**
 * The auto top-up monitor of `golem server api`: runs a cycle at once and then every
 * `intervalMs` after the previous one ended (cycles never overlap, so one stream is never
 * topped up twice for one shortfall). A failing cycle is reported and the timer goes on.
 *
 * @example
 * const monitor = startTopUpMonitor({ intervalMs: 30_000, streams, cycle });
 * await monitor.stop();
 */
export function startTopUpMonitor(params: StartTopUpMonitorParameters): TopUpMonitor {
  let last: TopUpMonitorReport | undefined;
  let cycles = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<TopUpMonitorReport> = Promise.resolve(undefined as never);
  const unfunded = new Map<string, TopUpCycleEntry>();

  const once = async (): Promise<TopUpMonitorReport> => {
    let entries: TopUpCycleEntry[] = [];
    let error: string | undefined;
    try {
      entries = await params.cycle(await params.streams());
    } catch (cause) {
      error = cause instanceof Error ? cause.message : String(cause);
    }
    cycles += 1;
    for (const entry of entries) {
      if (entry.held === "vm-gone") unfunded.set(entry.streamId.toString(), entry);
    }
    last = { cycles, at: Date.now(), entries, unfunded: [...unfunded.values()], error };
    try {
      params.onCycle?.(last);
    } catch {
      // A logger's failure must not stop the money flowing.
    }
    return last;
  };
  const queue = () => {
    running = running.catch(() => undefined).then(once);
    return running;
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      void queue().finally(schedule);
    }, params.intervalMs);
    timer.unref?.();
  };
  void queue().finally(schedule);

  return {
    last: () => last,
    runNow: () => queue(),
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running.catch(() => undefined);
    },
  };
}
