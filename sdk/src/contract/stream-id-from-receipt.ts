import { type Address, isAddressEqual, parseEventLogs, type TransactionReceipt } from "viem";
import { streamPaymentAbi } from "../abi/stream-payment-abi.generated.ts";
import { GolemError } from "../errors/golem-error.ts";
import type { StreamId } from "../stream/stream-id.ts";

/** The id of the stream a transaction created, from its `StreamCreated` log by `address`. */
export function streamIdFromReceipt(receipt: TransactionReceipt, address: Address): StreamId {
  const [created] = parseEventLogs({
    abi: streamPaymentAbi,
    eventName: "StreamCreated",
    logs: receipt.logs.filter((log) => isAddressEqual(log.address, address)),
  });
  if (!created) {
    throw new GolemError("INTERNAL", `transaction ${receipt.transactionHash} created no stream`, {
      details: { hash: receipt.transactionHash, contract: address },
    });
  }
  return created.args.streamId as StreamId;
}
