import { getStreamState } from "@vm-on-golem/sdk/contract/get-stream-state";
import { GolemError } from "@vm-on-golem/sdk/errors/golem-error";
import { toStreamId } from "@vm-on-golem/sdk/stream/stream-id";
import type { VmRecord } from "../state/vm-store.ts";
import type { PaymentSettings } from "./payment-settings.ts";

/** A VM's stream as the API shows it: amounts in token base units as decimal strings. */
export type VmStreamView = {
  vmId: string;
  streamId: string;
  sender: string;
  recipient: string;
  serviceId: string;
  ratePerSecond: string;
  /** Unfunded-yet-unaccrued deposit left (what terminate would refund). */
  refundable: string;
  /** Accrued and not withdrawn (what withdraw would pay the provider). */
  withdrawable: string;
  runwaySeconds: number;
  /** Unix seconds the balance runs out; null when closed. */
  depletionTime: number | null;
  active: boolean;
  closed: boolean;
  /** Unix seconds (chain time) the numbers are for. */
  at: number;
};

/**
 * Reads a VM's stream at the chain's latest block. A VM without a stream is `STREAM_NOT_FOUND`;
 * RPC failures are `CHAIN_UNREACHABLE`.
 *
 * @example const view = await readVmStream(settings, service.getVm(id, owner));
 */
export async function readVmStream(settings: PaymentSettings, vm: VmRecord): Promise<VmStreamView> {
  if (vm.streamId === null) {
    throw new GolemError("STREAM_NOT_FOUND", `VM ${vm.id} is not paid by a stream`, {
      hints: ["it was created while payments were off"],
      details: { id: vm.id },
    });
  }
  const state = await getStreamState(settings.client, {
    address: settings.streamPayment,
    streamId: toStreamId(vm.streamId),
  });
  return {
    vmId: vm.id,
    streamId: vm.streamId,
    sender: state.stream.sender,
    recipient: state.stream.recipient,
    serviceId: state.stream.serviceId,
    ratePerSecond: state.stream.ratePerSecond.toString(),
    refundable: state.refundable.toString(),
    withdrawable: state.withdrawable.toString(),
    runwaySeconds: Number(state.runwaySeconds),
    depletionTime: state.stream.closed ? null : Number(state.depletionTime),
    active: state.isActive,
    closed: state.stream.closed,
    at: Number(state.at),
  };
}
