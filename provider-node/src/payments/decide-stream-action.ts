import type { StreamStateAt } from "@vm-on-golem/sdk/stream/stream-state-at";
import type { VmRecordStatus } from "../state/vm-store.ts";

/** What the monitor does to a VM after reading its stream. */
export type StreamAction = "none" | "stop" | "start" | "destroy";

/** Parameters of {@link decideStreamAction}. */
export type DecideStreamActionParameters = {
  state: Pick<StreamStateAt, "at" | "runwaySeconds" | "depletionTime"> & { closed: boolean };
  vmStatus: VmRecordStatus;
  /** Whether the monitor stopped this VM (only those it starts again). */
  pausedByMonitor: boolean;
  /** Runway below which the VM is stopped (seconds). */
  stopBelowSeconds: number;
  /** How long a depleted stream's VM is kept before it is destroyed (seconds). */
  graceSeconds: number;
};

/**
 * The monitor's rule, a pure function of one stream read: terminated, or depleted for longer
 * than the grace → destroy; runway below the threshold → stop (disk kept); runway restored on
 * a VM the monitor stopped → start; otherwise nothing. Idempotent: a VM already in the wanted
 * state needs no action, so a restarted node never acts twice.
 *
 * @example decideStreamAction({ state, vmStatus: "running", pausedByMonitor: false, stopBelowSeconds: 300, graceSeconds: 3600 });
 */
export function decideStreamAction(p: DecideStreamActionParameters): StreamAction {
  const { state, vmStatus } = p;
  if (vmStatus === "destroying") return "none";
  if (state.closed) return "destroy";
  if (state.runwaySeconds === 0n && state.at - state.depletionTime > BigInt(p.graceSeconds)) {
    return "destroy";
  }
  if (state.runwaySeconds < BigInt(p.stopBelowSeconds)) {
    return vmStatus === "running" || vmStatus === "starting" ? "stop" : "none";
  }
  return p.pausedByMonitor && vmStatus === "stopped" ? "start" : "none";
}
