// What the mapping must store for each StreamPayment event: the per-event entity and its fields,
// from the decoded log (addresses as lowercase hex, as the store keeps Bytes).
import { type Hash, numberToHex } from "viem";

type Args = Record<string, unknown>;
const lower = (value: unknown) => String(value).toLowerCase();

/** Per event name: the immutable entity it creates and the fields that entity copies from the log. */
export const eventEntities: Record<string, { entity: string; fields: (args: Args) => Args }> = {
  StreamCreated: {
    entity: "StreamCreation",
    fields: (x) => ({
      sender: lower(x.sender),
      recipient: lower(x.recipient),
      serviceId: x.serviceId,
      deposit: x.deposit,
      ratePerSecond: x.ratePerSecond,
    }),
  },
  StreamToppedUp: {
    entity: "StreamTopUp",
    fields: (x) => ({ funder: lower(x.funder), amount: x.amount, newBalance: x.newBalance }),
  },
  StreamWithdrawn: {
    entity: "StreamWithdrawal",
    fields: (x) => ({ recipient: lower(x.recipient), caller: lower(x.caller), amount: x.amount }),
  },
  StreamTerminated: {
    entity: "StreamTermination",
    fields: (x) => ({
      caller: lower(x.caller),
      paidToRecipient: x.paidToRecipient,
      refundedToSender: x.refundedToSender,
    }),
  },
};

/**
 * A per-event entity's id, as graph-ts `Bytes.concatI32` builds it: the tx hash followed by the
 * log index as 4 little-endian bytes.
 *
 * @example
 * eventEntityId("0xab…", 1); // "0xab…01000000"
 */
export function eventEntityId(hash: Hash, logIndex: number): string {
  const le = numberToHex(logIndex, { size: 4 }).slice(2).match(/../g)?.reverse().join("");
  return `${hash}${le}`;
}
