import { type Address, isAddressEqual, parseEventLogs, type TransactionReceipt } from "viem";
import { streamPaymentAbi } from "../abi/stream-payment-abi.generated.ts";
import type { StreamId } from "../stream/stream-id.ts";

/** What a termination paid out; see {@link terminatedAmounts}. */
export type TerminatedAmounts = {
  /** Base units paid to the recipient (what had accrued). */
  paidToRecipient: bigint;
  /** Base units refunded to the sender (the rest). */
  refundedToSender: bigint;
};

/**
 * What a transaction's termination of `streamId` paid, from the `StreamTerminated` log of the
 * StreamPayment contract at `address`; undefined when it did not terminate that stream.
 *
 * @example const amounts = terminatedAmounts(await getTransactionReceipt(client, { hash }), address, streamId);
 */
export function terminatedAmounts(
  receipt: TransactionReceipt,
  address: Address,
  streamId: StreamId,
): TerminatedAmounts | undefined {
  const [terminated] = parseEventLogs({
    abi: streamPaymentAbi,
    eventName: "StreamTerminated",
    logs: receipt.logs.filter((log) => isAddressEqual(log.address, address)),
  }).filter((log) => log.args.streamId === streamId);
  if (!terminated) return undefined;
  const { paidToRecipient, refundedToSender } = terminated.args;
  return { paidToRecipient, refundedToSender };
}
