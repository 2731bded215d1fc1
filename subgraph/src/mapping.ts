// Event handlers: each event updates its Stream (through the ledger), the Provider and
// Requestor totals, and stores one immutable per-event entity.
import { Address, BigInt, Bytes, ethereum } from "@graphprotocol/graph-ts";
import {
  StreamCreated,
  StreamTerminated,
  StreamToppedUp,
  StreamWithdrawn,
} from "../generated/StreamPayment/StreamPayment";
import {
  Provider,
  Requestor,
  Stream,
  StreamCreation,
  StreamTermination,
  StreamTopUp,
  StreamWithdrawal,
} from "../generated/schema";
import {
  applyTerminate,
  applyTopUp,
  applyWithdraw,
  depletionTime,
  openLedger,
  StreamLedger,
} from "./stream-ledger";

function eventId(event: ethereum.Event): Bytes {
  return event.transaction.hash.concatI32(event.logIndex.toI32());
}

function loadProvider(address: Address): Provider {
  let provider = Provider.load(address);
  if (provider == null) {
    provider = new Provider(address);
    provider.address = address;
    provider.streamCount = BigInt.zero();
    provider.totalEarned = BigInt.zero();
  }
  return provider;
}

function loadRequestor(address: Address): Requestor {
  let requestor = Requestor.load(address);
  if (requestor == null) {
    requestor = new Requestor(address);
    requestor.address = address;
    requestor.streamCount = BigInt.zero();
    requestor.totalDeposited = BigInt.zero();
    requestor.totalRefunded = BigInt.zero();
  }
  return requestor;
}

function ledgerOf(stream: Stream): StreamLedger {
  return new StreamLedger(
    stream.balance,
    stream.accrued,
    stream.lastUpdate,
    stream.ratePerSecond,
    stream.deposited,
    stream.withdrawn,
    stream.refunded,
    stream.status == "TERMINATED",
  );
}

function saveLedger(stream: Stream, ledger: StreamLedger): void {
  stream.balance = ledger.balance;
  stream.accrued = ledger.accrued;
  stream.lastUpdate = ledger.lastUpdate;
  stream.deposited = ledger.deposited;
  stream.withdrawn = ledger.withdrawn;
  stream.refunded = ledger.refunded;
  if (ledger.closed) {
    stream.status = "TERMINATED";
    stream.depletesAt = null;
  } else {
    stream.depletesAt = depletionTime(ledger);
  }
  stream.save();
}

export function handleStreamCreated(event: StreamCreated): void {
  const params = event.params;
  const timestamp = event.block.timestamp;
  const stream = new Stream(params.streamId.toString());
  stream.streamId = params.streamId;
  stream.contract = event.address;
  stream.sender = params.sender;
  stream.recipient = params.recipient;
  stream.serviceId = params.serviceId;
  stream.ratePerSecond = params.ratePerSecond;
  stream.status = "ACTIVE";
  stream.createdAt = timestamp;
  stream.createdAtBlock = event.block.number;
  stream.createdTx = event.transaction.hash;
  saveLedger(stream, openLedger(params.deposit, params.ratePerSecond, timestamp));

  const provider = loadProvider(params.recipient);
  provider.streamCount = provider.streamCount.plus(BigInt.fromI32(1));
  provider.save();
  const requestor = loadRequestor(params.sender);
  requestor.streamCount = requestor.streamCount.plus(BigInt.fromI32(1));
  requestor.totalDeposited = requestor.totalDeposited.plus(params.deposit);
  requestor.save();

  const created = new StreamCreation(eventId(event));
  created.stream = stream.id;
  created.sender = params.sender;
  created.recipient = params.recipient;
  created.serviceId = params.serviceId;
  created.deposit = params.deposit;
  created.ratePerSecond = params.ratePerSecond;
  created.blockNumber = event.block.number;
  created.timestamp = timestamp;
  created.transactionHash = event.transaction.hash;
  created.save();
}

export function handleStreamToppedUp(event: StreamToppedUp): void {
  const params = event.params;
  const stream = Stream.load(params.streamId.toString());
  if (stream == null) return; // created before startBlock
  const ledger = ledgerOf(stream);
  applyTopUp(ledger, params.amount, event.block.timestamp);
  saveLedger(stream, ledger);

  const requestor = loadRequestor(Address.fromBytes(stream.sender));
  requestor.totalDeposited = requestor.totalDeposited.plus(params.amount);
  requestor.save();

  const topUp = new StreamTopUp(eventId(event));
  topUp.stream = stream.id;
  topUp.funder = params.funder;
  topUp.amount = params.amount;
  topUp.newBalance = params.newBalance;
  topUp.blockNumber = event.block.number;
  topUp.timestamp = event.block.timestamp;
  topUp.transactionHash = event.transaction.hash;
  topUp.save();
}

export function handleStreamWithdrawn(event: StreamWithdrawn): void {
  const params = event.params;
  const stream = Stream.load(params.streamId.toString());
  if (stream == null) return;
  const ledger = ledgerOf(stream);
  applyWithdraw(ledger, event.block.timestamp);
  // The event's amount is authoritative for the totals.
  ledger.withdrawn = stream.withdrawn.plus(params.amount);
  saveLedger(stream, ledger);

  const provider = loadProvider(params.recipient);
  provider.totalEarned = provider.totalEarned.plus(params.amount);
  provider.save();

  const withdrawal = new StreamWithdrawal(eventId(event));
  withdrawal.stream = stream.id;
  withdrawal.recipient = params.recipient;
  withdrawal.caller = params.caller;
  withdrawal.amount = params.amount;
  withdrawal.blockNumber = event.block.number;
  withdrawal.timestamp = event.block.timestamp;
  withdrawal.transactionHash = event.transaction.hash;
  withdrawal.save();
}

export function handleStreamTerminated(event: StreamTerminated): void {
  const params = event.params;
  const stream = Stream.load(params.streamId.toString());
  if (stream == null) return;
  const ledger = ledgerOf(stream);
  applyTerminate(ledger, params.paidToRecipient, params.refundedToSender, event.block.timestamp);
  stream.terminatedAt = event.block.timestamp;
  stream.terminatedBy = params.caller;
  saveLedger(stream, ledger);

  const provider = loadProvider(params.recipient);
  provider.totalEarned = provider.totalEarned.plus(params.paidToRecipient);
  provider.save();
  const requestor = loadRequestor(params.sender);
  requestor.totalRefunded = requestor.totalRefunded.plus(params.refundedToSender);
  requestor.save();

  const terminated = new StreamTermination(eventId(event));
  terminated.stream = stream.id;
  terminated.caller = params.caller;
  terminated.paidToRecipient = params.paidToRecipient;
  terminated.refundedToSender = params.refundedToSender;
  terminated.blockNumber = event.block.number;
  terminated.timestamp = event.block.timestamp;
  terminated.transactionHash = event.transaction.hash;
  terminated.save();
}
