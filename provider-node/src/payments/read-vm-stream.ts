import { getStreamState } from "@vm-on-golem/sdk/contract";
import { GolemError } from "@vm-on-golem/sdk/errors";
import type { VmStreamView } from "@vm-on-golem/sdk/provider-client";
import { toStreamId } from "@vm-on-golem/sdk/stream";
import type { VmRecord } from "../state/vm-store.ts";
import type { BudgetTopUpStore } from "./budget-top-up-store.ts";
import type { PaymentSettings } from "./payment-settings.ts";

/** A VM's stream as the API shows it (the wire type the sdk's provider client reads). */
export type { VmStreamView };

/**
 * Reads a VM's stream at the chain's latest block, with its remaining top-up budget and the
 * node's latest pull from it (from `budgetTopUps`). A VM without a stream is `STREAM_NOT_FOUND`;
 * RPC failures are `CHAIN_UNREACHABLE`.
 *
 * @example const view = await readVmStream(settings, service.getVm(id, owner));
 */
export async function readVmStream(
  settings: PaymentSettings,
  vm: VmRecord,
  budgetTopUps?: BudgetTopUpStore,
): Promise<VmStreamView> {
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
  const lastTopUp = budgetTopUps?.last(vm.id) ?? null;
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
    topUpBudget: state.stream.topUpBudget.toString(),
    lastBudgetTopUp: lastTopUp && {
      at: Math.floor(lastTopUp.at / 1000),
      amount: lastTopUp.amount.toString(),
      txHash: lastTopUp.txHash,
    },
  };
}
