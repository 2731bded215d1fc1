import { type Address, type Client, getAddress } from "viem";
import { getBlock, getContractEvents } from "viem/actions";
import { streamPaymentAbi } from "../abi/stream-payment-abi.generated.ts";
import { GolemError } from "../errors/golem-error.ts";
import { type StreamId, toStreamId } from "../stream/stream-id.ts";
import type { StreamFilter, StreamRecord, StreamsReader } from "./stream-record.ts";

/** Parameters of {@link createLogStreamsReader}. */
export type CreateLogStreamsReaderParameters = {
  /** The StreamPayment contract. */
  address: Address;
  /** Where scans start: the deployment's `deployBlock`. */
  fromBlock: bigint;
};

/**
 * A {@link StreamsReader} over the contract's event logs through any RPC: no extra service.
 * Each call scans from `fromBlock` to the latest block (public RPCs may cap the range of one
 * `eth_getLogs`; use a subgraph there).
 *
 * @example
 * const reader = createLogStreamsReader(client, {
 *   address: deployment.contracts.StreamPayment.address,
 *   fromBlock: deployment.contracts.StreamPayment.deployBlock,
 * });
 * const mine = await reader.listStreams({ recipient: providerAddress });
 */
export function createLogStreamsReader(
  client: Client,
  { address, fromBlock }: CreateLogStreamsReaderParameters,
): StreamsReader {
  return {
    source: "logs",
    listStreams: (filter = {}) => listFromLogs(client, address, fromBlock, filter),
  };
}

async function listFromLogs(
  client: Client,
  address: Address,
  fromBlock: bigint,
  filter: StreamFilter,
): Promise<StreamRecord[]> {
  try {
    const range = { address, abi: streamPaymentAbi, fromBlock, strict: true } as const;
    const created = await getContractEvents(client, {
      ...range,
      eventName: "StreamCreated",
      args: { sender: filter.sender, recipient: filter.recipient },
    });
    if (created.length === 0) return [];
    const streamId = created.map((log) => log.args.streamId);
    const [toppedUp, withdrawn, terminated] = await Promise.all([
      getContractEvents(client, { ...range, eventName: "StreamToppedUp", args: { streamId } }),
      getContractEvents(client, { ...range, eventName: "StreamWithdrawn", args: { streamId } }),
      getContractEvents(client, { ...range, eventName: "StreamTerminated", args: { streamId } }),
    ]);
    const blocks = new Set([...created, ...terminated].map((log) => log.blockNumber));
    const timestamps = new Map(
      await Promise.all(
        [...blocks].map(
          async (blockNumber) =>
            [blockNumber, (await getBlock(client, { blockNumber })).timestamp] as const,
        ),
      ),
    );
    const records = new Map<StreamId, StreamRecord>();
    for (const log of created) {
      const id = toStreamId(log.args.streamId);
      records.set(id, {
        streamId: id,
        contract: getAddress(log.address),
        sender: log.args.sender,
        recipient: log.args.recipient,
        serviceId: log.args.serviceId,
        ratePerSecond: log.args.ratePerSecond,
        deposited: log.args.deposit,
        withdrawn: 0n,
        refunded: 0n,
        status: "active",
        createdAt: timestamps.get(log.blockNumber) ?? 0n,
        createdAtBlock: log.blockNumber,
        createdTx: log.transactionHash,
        terminatedAt: undefined,
      });
    }
    const recordOf = (id: bigint) => records.get(toStreamId(id));
    for (const log of toppedUp) {
      const record = recordOf(log.args.streamId);
      if (record) record.deposited += log.args.amount;
    }
    for (const log of withdrawn) {
      const record = recordOf(log.args.streamId);
      if (record) record.withdrawn += log.args.amount;
    }
    for (const log of terminated) {
      const record = recordOf(log.args.streamId);
      if (!record) continue;
      record.withdrawn += log.args.paidToRecipient;
      record.refunded += log.args.refundedToSender;
      record.status = "terminated";
      record.terminatedAt = timestamps.get(log.blockNumber);
    }
    return [...records.values()].sort((a, b) => (a.streamId < b.streamId ? -1 : 1));
  } catch (err) {
    if (err instanceof GolemError) throw err;
    throw new GolemError("CHAIN_UNREACHABLE", `could not read StreamPayment logs at ${address}`, {
      cause: err,
      details: { address, fromBlock: fromBlock.toString() },
    });
  }
}
