import { getStreamState } from "@vm-on-golem/sdk/contract";
import { GolemError, golemErrorFromContractError } from "@vm-on-golem/sdk/errors";
import { toStreamId } from "@vm-on-golem/sdk/stream";
import type { VmRecord } from "../state/vm-store.ts";
import type { PaymentSettings } from "./payment-settings.ts";

/** Parameters of {@link checkStartRunway}. */
export type CheckStartRunwayParameters = {
  settings: PaymentSettings;
  vm: Pick<VmRecord, "id" | "name" | "streamId">;
  /** The monitor's stop threshold: a start needs more runway than this (seconds). */
  stopBelowSeconds: number;
};

/**
 * Checks on chain, at the latest block (never a cached read), that a paid VM's stream can pay
 * for it to run: open, with more runway than the stop threshold. Otherwise the start is
 * refused (`STREAM_CLOSED`, `STREAM_UNDERFUNDED` with how much runway is needed) and nothing
 * changes, so the owner cannot run a VM the monitor stopped for lack of funds. A VM without a
 * stream (made while payments were off) passes.
 *
 * @example await checkStartRunway({ settings, vm, stopBelowSeconds: 300 });
 */
export async function checkStartRunway(p: CheckStartRunwayParameters): Promise<void> {
  const { settings, vm } = p;
  if (vm.streamId === null) return;
  let state: Awaited<ReturnType<typeof getStreamState>>;
  try {
    state = await getStreamState(settings.client, {
      address: settings.streamPayment,
      streamId: toStreamId(vm.streamId),
    });
  } catch (error) {
    throw golemErrorFromContractError(error);
  }
  const details = { vmId: vm.id, streamId: vm.streamId };
  if (state.stream.closed) {
    throw new GolemError("STREAM_CLOSED", `stream ${vm.streamId} of VM ${vm.id} is terminated`, {
      hints: ["a VM whose stream ended cannot run again; create a new VM with a new stream"],
      details,
    });
  }
  if (state.runwaySeconds <= BigInt(p.stopBelowSeconds)) {
    throw new GolemError(
      "STREAM_UNDERFUNDED",
      `stream ${vm.streamId} has ${state.runwaySeconds} s of runway; VM ${vm.id} needs more than ${p.stopBelowSeconds} s to start`,
      {
        hints: [
          `top up the stream first (\`golem vm stream topup ${vm.name}\`) to more than ${p.stopBelowSeconds} s of runway, or to ${settings.minRunwaySeconds} s so the provider starts it for you, then start the VM`,
        ],
        details: {
          ...details,
          runwaySeconds: Number(state.runwaySeconds),
          neededSeconds: p.stopBelowSeconds + 1,
        },
      },
    );
  }
}
