import type { StreamStateAt } from "@vm-on-golem/sdk/stream";
import type { VmRecordStatus } from "../state/vm-store.ts";

/** What the monitor does to a VM after reading its stream. */
export type StreamAction = "none" | "stop" | "start" | "destroy";

/**
 * A VM whose stream fell below the stop threshold and has not been restored to the minimum
 * runway since (kept in `payment_pauses`).
 */
export type PaymentPause = {
  /** Whether the monitor stopped the VM; only such a VM does it start again. */
  stoppedByMonitor: boolean;
  /** Chain time (s) the stream was first seen depleted since the pause; null while it had runway. */
  depletedAt: bigint | null;
};

/** Parameters of {@link decideStreamAction}. */
export type DecideStreamActionParameters = {
  state: Pick<StreamStateAt, "at" | "runwaySeconds" | "depletionTime"> & { closed: boolean };
  vmStatus: VmRecordStatus;
  /** The VM's pause before this read; null when its stream paid at the last read. */
  pause: PaymentPause | null;
  /** Runway below which the VM is stopped (seconds). */
  stopBelowSeconds: number;
  /** Runway a top-up must restore to end a pause (seconds; at least `stopBelowSeconds` is used). */
  minRunwaySeconds: number;
  /** How long a depleted stream's VM is kept before it is destroyed (seconds). */
  graceSeconds: number;
};

/** What to do, and the VM's pause after this read. */
export type StreamDecision = { action: StreamAction; pause: PaymentPause | null };

/**
 * The monitor's rule, a pure function of one stream read and the VM's pause:
 * - terminated → destroy;
 * - runway below `stopBelowSeconds` → pause, and stop the VM if it runs (disk kept);
 * - depleted longer than the grace → destroy; the grace runs from the first depletion seen
 *   since the pause, so top-ups too small to lift the pause (1 wei) do not move it;
 * - only a top-up to at least `minRunwaySeconds` ends the pause, and starts the VM if the
 *   monitor stopped it.
 * Idempotent: a VM already in the wanted state needs no action, so a restarted node never
 * acts twice.
 *
 * @example decideStreamAction({ state, vmStatus: "running", pause: null, stopBelowSeconds: 300, minRunwaySeconds: 3600, graceSeconds: 3600 });
 */
export function decideStreamAction(p: DecideStreamActionParameters): StreamDecision {
  const { state, vmStatus, pause } = p;
  if (vmStatus === "destroying") return { action: "none", pause };
  if (state.closed) return { action: "destroy", pause };
  const running = vmStatus === "running" || vmStatus === "starting";
  const low = state.runwaySeconds < BigInt(p.stopBelowSeconds);
  const depleted = state.runwaySeconds === 0n;
  const grace = BigInt(p.graceSeconds);

  if (pause === null) {
    // Depleted long ago without this node seeing it (it was down): the contract's time is all there is.
    if (depleted && state.at - state.depletionTime > grace) return { action: "destroy", pause };
    if (!low) return { action: "none", pause };
    return {
      action: running ? "stop" : "none",
      pause: { stoppedByMonitor: running, depletedAt: depleted ? state.depletionTime : null },
    };
  }

  const restoredAt = BigInt(Math.max(p.minRunwaySeconds, p.stopBelowSeconds));
  if (state.runwaySeconds >= restoredAt) {
    return {
      action: pause.stoppedByMonitor && vmStatus === "stopped" ? "start" : "none",
      pause: null,
    };
  }
  const depletedAt = pause.depletedAt ?? (depleted ? state.depletionTime : null);
  if (low && depletedAt !== null && state.at - depletedAt > grace) {
    return { action: "destroy", pause: { ...pause, depletedAt } };
  }
  if (low && running) return { action: "stop", pause: { stoppedByMonitor: true, depletedAt } };
  // Within the grace, or paid past the stop threshold and started by its owner: a VM that runs
  // now was not stopped by the monitor, so its owner's next stop is not undone by a top-up.
  return {
    action: "none",
    pause: { stoppedByMonitor: running ? false : pause.stoppedByMonitor, depletedAt },
  };
}
