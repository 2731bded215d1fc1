// Stream arithmetic of the mappings, written in the subset shared by AssemblyScript and TypeScript:
// it is compiled into the subgraph's wasm by `graph build` and run by vitest under Node (where
// `@graphprotocol/graph-ts` resolves to test/graph-ts-big-int.ts). It mirrors StreamPayment's
// settlement so the subgraph can show `balance`, `accrued` and `depletesAt` from events alone.
import { BigInt } from "@graphprotocol/graph-ts";

/** A stream's amounts as the contract stores them, plus the running totals the subgraph keeps. */
export class StreamLedger {
  /** Funds not yet accrued at `lastUpdate` (base units). */
  balance: BigInt;
  /** Funds accrued and not yet withdrawn at `lastUpdate` (base units). */
  accrued: BigInt;
  /** Unix seconds up to which `balance` and `accrued` are settled. */
  lastUpdate: BigInt;
  /** Base units accrued per second. */
  ratePerSecond: BigInt;
  /** Initial deposit plus every top-up. */
  deposited: BigInt;
  /** Paid to the recipient so far. */
  withdrawn: BigInt;
  /** Refunded to the sender (at termination). */
  refunded: BigInt;
  /** True once terminated. */
  closed: boolean;

  constructor(
    balance: BigInt,
    accrued: BigInt,
    lastUpdate: BigInt,
    ratePerSecond: BigInt,
    deposited: BigInt,
    withdrawn: BigInt,
    refunded: BigInt,
    closed: boolean,
  ) {
    this.balance = balance;
    this.accrued = accrued;
    this.lastUpdate = lastUpdate;
    this.ratePerSecond = ratePerSecond;
    this.deposited = deposited;
    this.withdrawn = withdrawn;
    this.refunded = refunded;
    this.closed = closed;
  }
}

/** The ledger of a stream just created with `deposit` at `timestamp`. */
export function openLedger(
  deposit: BigInt,
  ratePerSecond: BigInt,
  timestamp: BigInt,
): StreamLedger {
  const zero = BigInt.zero();
  return new StreamLedger(deposit, zero, timestamp, ratePerSecond, deposit, zero, zero, false);
}

/** What accrued between `lastUpdate` and `timestamp`: rate × elapsed, capped by the balance. */
export function owedAt(ledger: StreamLedger, timestamp: BigInt): BigInt {
  if (ledger.closed || timestamp.le(ledger.lastUpdate)) return BigInt.zero();
  const owed = ledger.ratePerSecond.times(timestamp.minus(ledger.lastUpdate));
  return owed.gt(ledger.balance) ? ledger.balance : owed;
}

/** Books a top-up of `amount` at `timestamp`; a stream that ran dry resumes accrual from `timestamp`. */
export function applyTopUp(ledger: StreamLedger, amount: BigInt, timestamp: BigInt): void {
  const owed = owedAt(ledger, timestamp);
  if (owed.equals(ledger.balance)) {
    ledger.accrued = ledger.accrued.plus(owed);
    ledger.balance = BigInt.zero();
    ledger.lastUpdate = timestamp;
  }
  ledger.balance = ledger.balance.plus(amount);
  ledger.deposited = ledger.deposited.plus(amount);
}

/**
 * Books a withdrawal at `timestamp` and returns what it pays (accrued + owed), which equals the
 * event's `amount` when the ledger is in step with the contract.
 */
export function applyWithdraw(ledger: StreamLedger, timestamp: BigInt): BigInt {
  const owed = owedAt(ledger, timestamp);
  const amount = ledger.accrued.plus(owed);
  ledger.balance = ledger.balance.minus(owed);
  ledger.accrued = BigInt.zero();
  ledger.lastUpdate = timestamp;
  ledger.withdrawn = ledger.withdrawn.plus(amount);
  return amount;
}

/** Books a termination at `timestamp` with the amounts the event reports. */
export function applyTerminate(
  ledger: StreamLedger,
  paidToRecipient: BigInt,
  refundedToSender: BigInt,
  timestamp: BigInt,
): void {
  ledger.withdrawn = ledger.withdrawn.plus(paidToRecipient);
  ledger.refunded = ledger.refunded.plus(refundedToSender);
  ledger.balance = BigInt.zero();
  ledger.accrued = BigInt.zero();
  ledger.lastUpdate = timestamp;
  ledger.closed = true;
}

/** Unix seconds at which the balance is fully accrued: `lastUpdate + ceil(balance / rate)`; 0 once closed. */
export function depletionTime(ledger: StreamLedger): BigInt {
  if (ledger.closed) return BigInt.zero();
  const rate = ledger.ratePerSecond;
  return ledger.lastUpdate.plus(ledger.balance.plus(rate).minus(BigInt.fromI32(1)).div(rate));
}
