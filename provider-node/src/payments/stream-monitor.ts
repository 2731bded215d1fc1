import type { DatabaseSync } from "node:sqlite";
import { getStreamState } from "@vm-on-golem/sdk/contract/get-stream-state";
import { toStreamId } from "@vm-on-golem/sdk/stream/stream-id";
import { errorText } from "../service/to-golem-error.ts";
import type { VmService } from "../service/vm-service.ts";
import { decideStreamAction, type StreamAction } from "./decide-stream-action.ts";
import type { PaymentSettings } from "./payment-settings.ts";

/** Options of {@link createStreamMonitor}. */
export type CreateStreamMonitorOptions = {
  settings: PaymentSettings;
  service: VmService;
  db: DatabaseSync;
  intervalSeconds: number;
  stopBelowSeconds: number;
  graceSeconds: number;
  log: (line: string) => void;
  /** Unix time in ms. */
  now?: () => number;
};

/** The monitor's health, shown by `status`. */
export type StreamMonitorStatus = {
  state: "ok" | "degraded" | "idle";
  /** Ticks in a row that could not read some stream. */
  consecutiveFailures: number;
  lastError: string | null;
  /** Unix ms of the last tick that read every stream. */
  lastOkAt: number | null;
};

/** What one tick did. */
export type StreamMonitorTick = {
  actions: Array<{ vmId: string; action: Exclude<StreamAction, "none"> }>;
  /** VMs whose stream could not be read; nothing was done to them. */
  unread: string[];
};

/**
 * Meters running VMs (rent flow step 7): each tick reads every paid VM's stream and stops,
 * starts or destroys it per {@link decideStreamAction}, logging each decision with its
 * numbers. An RPC failure never causes an action: that VM is left alone, the monitor reports
 * `degraded`, and the next tick backs off (interval × 2^failures, at most × 8).
 *
 * @example
 * const monitor = createStreamMonitor({ settings, service, db, intervalSeconds: 30, stopBelowSeconds: 300, graceSeconds: 3600, log });
 * monitor.start();
 */
export function createStreamMonitor(options: CreateStreamMonitorOptions) {
  const { settings, service, db, log } = options;
  const now = options.now ?? Date.now;
  const isPaused = db.prepare("SELECT 1 FROM payment_pauses WHERE vm_id = ?");
  const pause = db.prepare(
    "INSERT OR REPLACE INTO payment_pauses (vm_id, paused_at, reason) VALUES (?, ?, ?)",
  );
  const unpause = db.prepare("DELETE FROM payment_pauses WHERE vm_id = ?");
  const status: StreamMonitorStatus = {
    state: "idle",
    consecutiveFailures: 0,
    lastError: null,
    lastOkAt: null,
  };
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<StreamMonitorTick> | undefined;
  let closed = false;

  const act = async (vmId: string, action: Exclude<StreamAction, "none">, why: string) => {
    log(`stream monitor: ${action} VM ${vmId}: ${why}`);
    if (action === "stop") {
      pause.run(vmId, now(), why);
      await service.stopVm(vmId);
    } else if (action === "start") {
      await service.startVm(vmId);
      unpause.run(vmId);
    } else {
      await service.destroyVm(vmId);
    }
  };

  const runTick = async (): Promise<StreamMonitorTick> => {
    const result: StreamMonitorTick = { actions: [], unread: [] };
    for (const vm of service.listVms().filter((v) => v.streamId !== null)) {
      let state: Awaited<ReturnType<typeof getStreamState>>;
      try {
        state = await getStreamState(settings.client, {
          address: settings.streamPayment,
          streamId: toStreamId(vm.streamId as string),
        });
      } catch (error) {
        result.unread.push(vm.id);
        status.lastError = `stream ${vm.streamId} of VM ${vm.id}: ${errorText(error)}`;
        continue;
      }
      const current = service.listVms().find((v) => v.id === vm.id);
      if (!current) continue;
      const action = decideStreamAction({
        state: { ...state, closed: state.stream.closed },
        vmStatus: current.status,
        pausedByMonitor: isPaused.get(vm.id) !== undefined,
        stopBelowSeconds: options.stopBelowSeconds,
        graceSeconds: options.graceSeconds,
      });
      if (action === "none") continue;
      const why = `stream ${vm.streamId} ${state.stream.closed ? "terminated" : "open"}, runway ${state.runwaySeconds} s (stop below ${options.stopBelowSeconds} s), depletion ${state.depletionTime}, chain time ${state.at}, grace ${options.graceSeconds} s`;
      try {
        await act(vm.id, action, why);
        result.actions.push({ vmId: vm.id, action });
      } catch (error) {
        log(`stream monitor: ${action} VM ${vm.id} failed, will retry: ${errorText(error)}`);
      }
    }
    if (result.unread.length > 0) {
      status.state = "degraded";
      status.consecutiveFailures += 1;
      log(
        `stream monitor degraded (${status.consecutiveFailures} in a row): ${status.lastError}; nothing done to ${result.unread.join(", ")}`,
      );
    } else {
      if (status.state === "degraded") log("stream monitor: chain reads work again");
      status.state = "ok";
      status.consecutiveFailures = 0;
      status.lastError = null;
      status.lastOkAt = now();
    }
    return result;
  };

  const schedule = () => {
    if (closed) return;
    const backoff = 2 ** Math.min(status.consecutiveFailures, 3);
    timer = setTimeout(
      () => {
        void tick()
          .catch((error) => log(`stream monitor tick failed: ${errorText(error)}`))
          .finally(schedule);
      },
      options.intervalSeconds * 1000 * backoff,
    );
    timer.unref();
  };

  /** One pass over every paid VM; concurrent calls share the pass in flight. */
  const tick = (): Promise<StreamMonitorTick> => {
    running ??= runTick().finally(() => {
      running = undefined;
    });
    return running;
  };

  return {
    tick,
    /** Starts ticking every `intervalSeconds` (first tick right away). */
    start(): void {
      void tick()
        .catch((error) => log(`stream monitor tick failed: ${errorText(error)}`))
        .finally(schedule);
    },
    /** The monitor's health for `status`. */
    status: (): StreamMonitorStatus => ({ ...status }),
    /** Stops ticking and waits for the pass in flight. */
    async close(): Promise<void> {
      closed = true;
      clearTimeout(timer);
      await running?.catch(() => {});
    },
  };
}

/** The monitor returned by {@link createStreamMonitor}. */
export type StreamMonitor = ReturnType<typeof createStreamMonitor>;
