import type { SigningClient } from "@vm-on-golem/sdk/contract";
import { getStreamState, terminate } from "@vm-on-golem/sdk/contract";
import { GolemError, isGolemError } from "@vm-on-golem/sdk/errors";
import { toStreamId } from "@vm-on-golem/sdk/stream";
import type { Hash } from "viem";
import type { VmRecord } from "../state/vm-store.ts";
import type { PaymentSettings } from "./payment-settings.ts";

/** What closing a destroyed VM's stream did; see {@link settleVmStream}. */
export type StreamSettlement = {
  streamId: string;
  /**
   * `now`: this call terminated it; `already`: it was closed before; `depleted`: open but with
   * nothing left to refund, so it was left as it is (no transaction, no gas needed).
   */
  closed: "now" | "already" | "depleted";
  /** Base units paid to the provider by the termination (null when it was already closed). */
  paidToProvider: bigint | null;
  /** Base units refunded to the sender by the termination (null when it was already closed). */
  refunded: bigint | null;
  transaction: Hash | null;
};

/** Parameters of {@link settleVmStream}. */
export type SettleVmStreamParameters = {
  settings: Pick<PaymentSettings, "client" | "streamPayment">;
  /** The provider's payment key as a wallet: the stream's recipient may terminate it. */
  wallet: SigningClient;
  vm: Pick<VmRecord, "id" | "streamId">;
};

/**
 * Terminates the stream paying for a VM that is about to be destroyed, as its recipient: what
 * accrued goes to the provider, the rest back to the sender, so nobody keeps paying for a VM
 * that is gone (a stolen session's destroy included). A stream already closed, or depleted
 * (nothing to refund: nobody pays now), is left alone; a VM without a stream has nothing to
 * settle. A failure throws (the code of the chain error, with a hint that the VM was kept), and
 * the caller must not destroy the VM.
 *
 * @example const settled = await settleVmStream({ settings, wallet, vm });
 */
export async function settleVmStream(
  parameters: SettleVmStreamParameters,
): Promise<StreamSettlement | undefined> {
  const { settings, wallet, vm } = parameters;
  if (vm.streamId === null) return undefined;
  const streamId = toStreamId(vm.streamId);
  const address = settings.streamPayment;
  const untouched = (closed: "already" | "depleted"): StreamSettlement => ({
    streamId: vm.streamId as string,
    closed,
    paidToProvider: null,
    refunded: null,
    transaction: null,
  });
  try {
    const state = await getStreamState(settings.client, { address, streamId });
    if (state.stream.closed) return untouched("already");
    if (state.refundable === 0n) return untouched("depleted");
    const done = await terminate(wallet, { address, streamId });
    return {
      streamId: vm.streamId,
      closed: "now",
      paidToProvider: done.paidToRecipient,
      refunded: done.refundedToSender,
      transaction: done.hash,
    };
  } catch (error) {
    // The sender may terminate between the read and ours.
    if (isGolemError(error, "STREAM_CLOSED")) return untouched("already");
    const cause = isGolemError(error) ? error : undefined;
    throw new GolemError(
      cause?.code ?? "INTERNAL",
      `could not close stream ${vm.streamId} of VM ${vm.id}, so the VM was kept: ${cause?.message ?? String(error)}`,
      {
        status: cause?.status,
        hints: [
          "try the destroy again in a moment",
          "or terminate the stream from its sender's wallet (`golem vm stream terminate`); the provider then destroys the VM",
        ],
        details: { vmId: vm.id, streamId: vm.streamId },
        cause: error,
      },
    );
  }
}
