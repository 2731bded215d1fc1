import { type Address, isAddressEqual, parseEventLogs, type TransactionReceipt } from "viem";
import { streamPaymentAbi } from "../abi/stream-payment-abi.generated.ts";
import type { StreamId } from "../stream/stream-id.ts";

/** Base units paid per stream by a transaction, from the `StreamWithdrawn` logs of `address`. */
export function withdrawnAmounts(
  receipt: TransactionReceipt,
  address: Address,
): Map<StreamId, bigint> {
  const logs = parseEventLogs({
    abi: streamPaymentAbi,
    eventName: "StreamWithdrawn",
    logs: receipt.logs.filter((log) => isAddressEqual(log.address, address)),
  });
  const amounts = new Map<StreamId, bigint>();
  for (const { args } of logs) {
    const id = args.streamId as StreamId;
    amounts.set(id, (amounts.get(id) ?? 0n) + args.amount);
  }
  return amounts;
}
