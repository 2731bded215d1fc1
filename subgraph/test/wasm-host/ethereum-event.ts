// Builds graph-ts's `ethereum.Event` for a real log in a mapping's memory, as graph-node does
// before calling an event handler: the block, the transaction, and the ABI-decoded parameters.
import {
  type Abi,
  type AbiEvent,
  type Block,
  decodeEventLog,
  hexToBytes,
  type Log,
  type Transaction,
} from "viem";
import { type AscMemory, bigIntToBytes, TypeId } from "./asc-memory.ts";

// graph-ts chain/ethereum.ts ethereum.ValueKind
const ETHEREUM_KIND = { ADDRESS: 0, FIXED_BYTES: 1, BYTES: 2, INT: 3, UINT: 4, BOOL: 5, STRING: 6 };

function ethereumValue(mem: AscMemory, type: string, value: unknown): number {
  let kind: number;
  let data: bigint;
  if (type === "address") {
    kind = ETHEREUM_KIND.ADDRESS;
    data = BigInt(mem.newBytes(hexToBytes(value as `0x${string}`)));
  } else if (/^bytes\d+$/.test(type) || type === "bytes") {
    kind = type === "bytes" ? ETHEREUM_KIND.BYTES : ETHEREUM_KIND.FIXED_BYTES;
    data = BigInt(mem.newBytes(hexToBytes(value as `0x${string}`)));
  } else if (/^u?int\d*$/.test(type)) {
    kind = type.startsWith("u") ? ETHEREUM_KIND.UINT : ETHEREUM_KIND.INT;
    data = BigInt(mem.newBytes(bigIntToBytes(value as bigint)));
  } else if (type === "bool") {
    kind = ETHEREUM_KIND.BOOL;
    data = value ? 1n : 0n;
  } else if (type === "string") {
    kind = ETHEREUM_KIND.STRING;
    data = BigInt(mem.newString(value as string));
  } else {
    throw new Error(`event parameter type ${type} is not implemented by this test host`);
  }
  return mem.newObject(TypeId.EthereumValue, 16, [
    { offset: 0, u32: kind },
    { offset: 8, u64: data },
  ]);
}

/** The chain data graph-node passes with a log: its block, its transaction, and its receipt's logs. */
export type LogContext = { block: Block; transaction: Transaction; receiptLogs: Log[] };

/**
 * Allocates the `ethereum.Event` graph-node would pass to the handler of `log`, decoding its
 * parameters with `abi` (in declaration order, indexed ones included).
 *
 * @example
 * const ptr = writeEthereumEvent(host.mem, streamPaymentAbi, log, { block, transaction, receiptLogs });
 * host.call("handleStreamCreated", ptr);
 */
export function writeEthereumEvent(
  mem: AscMemory,
  abi: Abi,
  log: Log,
  context: LogContext,
): number {
  const decoded = decodeEventLog({ abi, data: log.data, topics: log.topics, strict: true });
  const definition = abi.find(
    (item): item is AbiEvent => item.type === "event" && item.name === decoded.eventName,
  );
  if (!definition) throw new Error(`no ABI event ${decoded.eventName}`);
  const args = decoded.args as unknown as Record<string, unknown>;
  const parameters = definition.inputs.map((input) => {
    const name = input.name ?? "";
    return mem.newPointers(TypeId.EventParam, [
      mem.newString(name),
      ethereumValue(mem, input.type, args[name]),
    ]);
  });
  const big = (value: bigint | null | undefined) =>
    value == null ? 0 : mem.newBytes(bigIntToBytes(value));
  const bytes = (hex: `0x${string}` | null | undefined) =>
    hex ? mem.newBytes(hexToBytes(hex)) : 0;
  const { block, transaction } = context;
  const blockPtr = mem.newPointers(TypeId.EthereumBlock, [
    bytes(block.hash),
    bytes(block.parentHash),
    bytes(block.sha3Uncles),
    bytes(block.miner),
    bytes(block.stateRoot),
    bytes(block.transactionsRoot),
    bytes(block.receiptsRoot),
    big(block.number),
    big(block.gasUsed),
    big(block.gasLimit),
    big(block.timestamp),
    big(block.difficulty),
    big(block.totalDifficulty ?? 0n),
    big(block.size),
    big(block.baseFeePerGas),
  ]);
  const transactionPtr = mem.newPointers(TypeId.EthereumTransaction, [
    bytes(transaction.hash),
    big(BigInt(transaction.transactionIndex ?? 0)),
    bytes(transaction.from),
    bytes(transaction.to),
    big(transaction.value),
    big(transaction.gas),
    big(transaction.gasPrice ?? 0n),
    bytes(transaction.input),
    big(BigInt(transaction.nonce)),
  ]);
  const transactionLogIndex = context.receiptLogs.findIndex((l) => l.logIndex === log.logIndex);
  return mem.newPointers(TypeId.EthereumEvent, [
    bytes(log.address),
    big(BigInt(log.logIndex ?? 0)),
    big(BigInt(transactionLogIndex)),
    0, // logType: null on Ethereum
    blockPtr,
    transactionPtr,
    mem.newArray(TypeId.ArrayEventParam, parameters),
    0, // receipt: only with `receipt: true` in the manifest
  ]);
}
