import type { DatabaseSync } from "node:sqlite";
import { getStreamState } from "@vm-on-golem/sdk/contract";
import { toStreamId } from "@vm-on-golem/sdk/stream";
import { errorText } from "../service/to-golem-error.ts";
import type { VmService } from "../service/vm-service.ts";
import type { VmRecord } from "../state/vm-store.ts";
import {
  decideStreamAction,
  type PaymentPause,
  type StreamAction,
} from "./decide-stream-action.ts";
import { createPaymentPauseStore } from "./payment-pause-store.ts";
import type { PaymentSettings } from "./payment-settings.ts";
import { type BudgetPuller, pullFromBudget } from "./pull-from-budget.ts";

/** Options of {@link createStreamMonitor}. */
export type CreateStreamMonitorOptions = {
  settings: PaymentSettings;
  service: VmService;
  db: DatabaseSync;
  intervalSeconds: number;
  stopBelowSeconds: number;
  graceSeconds: number;
  /** How long a guest may take to shut down on its own when the monitor stops it (seconds, default 20). */
  stopTimeoutSeconds?: number;
  /** How long a tick waits for one action before it carries on without it (seconds, default 60). */
  actionDeadlineSeconds?: number;
  /** Tops streams up from their budgets before a low runway would stop their VM; none: never. */
  budget?: BudgetPuller | undefined;
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
  /** Actions that finished within the deadline. */
  actions: Array<{ vmId: string; action: Exclude<StreamAction, "none"> }>;
  /** VMs whose action still runs past the deadline; later ticks leave them alone until it ends. */
  pending: string[];
  /** VMs whose stream could not be read; nothing was done to them. */
  unread: string[];
};

/**
 * Meters running VMs (rent flow step 7): each tick reads every paid VM's stream and stops,
 * starts or destroys it per {@link decideStreamAction}; a stream below the stop threshold that
 * has a top-up budget is first topped up from it ({@link pullFromBudget}, one transaction) and
 * read again, so its VM keeps running. Each decision is logged with its
 * numbers; the pause (and the first depletion the grace runs from) is kept in the database.
 * Actions run side by side, each given `actionDeadlineSeconds` before the tick goes on without
 * it, and a stop forces the guest off after `stopTimeoutSeconds`, so one guest that ignores
 * ACPI holds up no other VM. An RPC failure never causes an action: that VM is left alone,
 * the monitor reports `degraded`, and the next tick backs off (interval × 2^failures, at most × 8).
 *
 * @example
 * const monitor = createStreamMonitor({ settings, service, db, intervalSeconds: 30, stopBelowSeconds: 300, graceSeconds: 3600, log });
 * monitor.start();
 */
export function createStreamMonitor(options: CreateStreamMonitorOptions) {
  const { settings, service, log } = options;
  const now = options.now ?? Date.now;
  const pauses = createPaymentPauseStore(options.db);
  const gracefulTimeoutMs = (options.stopTimeoutSeconds ?? 20) * 1000;
  const deadlineMs = (options.actionDeadlineSeconds ?? 60) * 1000;
  const status: StreamMonitorStatus = {
    state: "idle",
    consecutiveFailures: 0,
    lastError: null,
    lastOkAt: null,
  };
  /** Actions past their deadline that still run, by VM id. */
  const inFlight = new Map<string, Promise<unknown>>();
  const budgetSkips = new Map<string, string>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<StreamMonitorTick> | undefined;
  let closed = false;

  const act = async (vmId: string, action: Exclude<StreamAction, "none">) => {
    if (action === "stop") await service.stopVm(vmId, undefined, { gracefulTimeoutMs });
    else if (action === "start") await service.startVm(vmId);
    else await service.destroyVm(vmId);
  };

  /** Reads one VM's stream, records its pause and starts its action; undefined: nothing to do. */
  const check = async (vm: VmRecord, result: StreamMonitorTick) => {
    const read = async () => {
      try {
        return await getStreamState(settings.client, {
          address: settings.streamPayment,
          streamId: toStreamId(vm.streamId as string),
        });
      } catch (error) {
        result.unread.push(vm.id);
        status.lastError = `stream ${vm.streamId} of VM ${vm.id}: ${errorText(error)}`;
        return undefined;
      }
    };
    let state = await read();
    if (!state) return undefined;
    const current = service.listVms().find((v) => v.id === vm.id);
    if (!current || inFlight.has(vm.id)) return undefined;
    const low = state.runwaySeconds < BigInt(options.stopBelowSeconds);
    if (low && options.budget && current.status !== "destroying") {
      const pulled = await pullFromBudget({
        settings,
        puller: options.budget,
        vmId: vm.id,
        streamId: vm.streamId as string,
        state,
        neededSeconds: Math.max(settings.minRunwaySeconds, options.stopBelowSeconds),
        log,
        skipped: budgetSkips,
        now,
      });
      if (pulled) {
        state = await read();
        if (!state) return undefined;
      }
    }
    const pause = pauses.get(vm.id);
    const decision = decideStreamAction({
      state: { ...state, closed: state.stream.closed },
      vmStatus: current.status,
      pause,
      stopBelowSeconds: options.stopBelowSeconds,
      minRunwaySeconds: settings.minRunwaySeconds,
      graceSeconds: options.graceSeconds,
    });
    const depletedAt = decision.pause?.depletedAt ?? null;
    const why = `stream ${vm.streamId} ${state.stream.closed ? "terminated" : "open"}, runway ${state.runwaySeconds} s (stop below ${options.stopBelowSeconds} s, resume from ${settings.minRunwaySeconds} s), ${depletedAt === null ? `depletion ${state.depletionTime}` : `depleted since ${depletedAt}`}, chain time ${state.at}, grace ${options.graceSeconds} s`;
    // A pause is recorded before its stop; one that ends is cleared only once its start worked.
    const ending = decision.action === "start";
    if (!ending && !samePause(pause, decision.pause)) pauses.put(vm.id, decision.pause, now(), why);
    if (decision.action === "none") return undefined;
    const { action } = decision;
    log(`stream monitor: ${action} VM ${vm.id}: ${why}`);
    const work = act(vm.id, action).then(
      () => {
        if (ending) pauses.put(vm.id, null, now(), why);
        return { vmId: vm.id, action };
      },
      (error) => {
        log(`stream monitor: ${action} VM ${vm.id} failed, will retry: ${errorText(error)}`);
        return undefined;
      },
    );
    // Wrapped, so awaiting the read does not also await the action.
    return { work };
  };

  /** Waits for `work` until the deadline; past it, the VM is reported pending and left to finish. */
  const withDeadline = async (vmId: string, work: Promise<unknown>, result: StreamMonitorTick) => {
    let timeout: NodeJS.Timeout | undefined;
    const late = Symbol("late");
    const outcome = await Promise.race([
      work,
      new Promise<typeof late>((resolve) => {
        timeout = setTimeout(() => resolve(late), deadlineMs);
      }),
    ]);
    clearTimeout(timeout);
    if (outcome !== late) return outcome;
    result.pending.push(vmId);
    inFlight.set(vmId, work);
    void work.finally(() => inFlight.delete(vmId));
    log(
      `stream monitor: the action on VM ${vmId} runs past ${deadlineMs / 1000} s; going on without it`,
    );
    return undefined;
  };

  const runTick = async (): Promise<StreamMonitorTick> => {
    const result: StreamMonitorTick = { actions: [], pending: [], unread: [] };
    const started: Array<Promise<unknown>> = [];
    // Reads go one by one; each VM's action starts as soon as its stream is read.
    for (const vm of service.listVms().filter((v) => v.streamId !== null)) {
      const checked = await check(vm, result);
      if (checked) started.push(withDeadline(vm.id, checked.work, result));
    }
    for (const done of await Promise.all(started)) {
      if (done) result.actions.push(done as StreamMonitorTick["actions"][number]);
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
    /** Stops ticking and waits for the pass in flight (actions past their deadline are the service's). */
    async close(): Promise<void> {
      closed = true;
      clearTimeout(timer);
      await running?.catch(() => {});
    },
  };
}

function samePause(a: PaymentPause | null, b: PaymentPause | null): boolean {
  if (a === null || b === null) return a === b;
  return a.stoppedByMonitor === b.stoppedByMonitor && a.depletedAt === b.depletedAt;
}

/** The monitor returned by {@link createStreamMonitor}. */
export type StreamMonitor = ReturnType<typeof createStreamMonitor>;
