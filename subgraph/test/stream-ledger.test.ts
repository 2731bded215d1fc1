// The subgraph's stream arithmetic (src/stream-ledger.ts, compiled into the wasm by graph build)
// run under Node with graph-ts's BigInt replaced by test/graph-ts-big-int.ts, and checked against
// StreamPayment itself on an in-process Hardhat chain.
import { type Hash, keccak256, parseEventLogs, toHex } from "viem";
import { readContract } from "viem/actions";
import { beforeAll, describe, expect, test } from "vitest";
import { streamPaymentAbi } from "../../sdk/src/abi/stream-payment-abi.generated.ts";
import { createStream } from "../../sdk/src/contract/create-stream.ts";
import { getStream } from "../../sdk/src/contract/get-stream.ts";
import { requestGlmFromFaucet } from "../../sdk/src/contract/request-glm-from-faucet.ts";
import { terminate } from "../../sdk/src/contract/terminate.ts";
import { topUp } from "../../sdk/src/contract/top-up.ts";
import { withdraw } from "../../sdk/src/contract/withdraw.ts";
import type { StreamId } from "../../sdk/src/stream/stream-id.ts";
import { createTestChain, type TestChain } from "../../sdk/test-support/create-test-chain.ts";
import {
  applyTerminate,
  applyTopUp,
  applyWithdraw,
  depletionTime,
  openLedger,
  type StreamLedger,
} from "../src/stream-ledger.ts";
import { BigInt as GraphBigInt } from "./graph-ts-big-int.ts";

const big = (value: bigint) => new GraphBigInt(value);
const native = (value: GraphBigInt) => value.value;

describe("stream ledger arithmetic", () => {
  test("accrual is capped by the balance and depletion rounds up", () => {
    const ledger = openLedger(big(1000n), big(3n), big(100n));
    expect(native(depletionTime(ledger))).toBe(100n + 334n);
    expect(native(applyWithdraw(ledger, big(110n)))).toBe(30n);
    expect(native(ledger.balance)).toBe(970n);
    expect(native(applyWithdraw(ledger, big(10_000n)))).toBe(970n);
    expect(native(ledger.withdrawn)).toBe(1000n);
  });

  test("a top-up after depletion accrues from the top-up, never back-pays", () => {
    const ledger = openLedger(big(100n), big(10n), big(0n));
    applyTopUp(ledger, big(50n), big(1000n));
    expect(native(ledger.accrued)).toBe(100n);
    expect(native(ledger.balance)).toBe(50n);
    expect(native(ledger.lastUpdate)).toBe(1000n);
    expect(native(ledger.deposited)).toBe(150n);
    expect(native(depletionTime(ledger))).toBe(1005n);
  });

  test("a top-up of a funded stream keeps lastUpdate", () => {
    const ledger = openLedger(big(100n), big(10n), big(0n));
    applyTopUp(ledger, big(50n), big(5n));
    expect(native(ledger.balance)).toBe(150n);
    expect(native(ledger.lastUpdate)).toBe(0n);
    expect(native(ledger.accrued)).toBe(0n);
  });

  test("termination books the event's amounts and closes", () => {
    const ledger = openLedger(big(100n), big(10n), big(0n));
    applyTerminate(ledger, big(30n), big(70n), big(3n));
    expect(ledger.closed).toBe(true);
    expect(native(ledger.withdrawn) + native(ledger.refunded)).toBe(native(ledger.deposited));
    expect(native(depletionTime(ledger))).toBe(0n);
  });
});

describe("stream ledger against StreamPayment on a Hardhat chain", () => {
  let chain: TestChain;
  beforeAll(async () => {
    chain = await createTestChain();
    await requestGlmFromFaucet(chain.requestor, { token: chain.glm });
  }, 60_000);

  /** Feeds a transaction's StreamPayment events to the ledger, as the mappings do. */
  async function replay(ledger: StreamLedger | undefined, hash: Hash) {
    const receipt = await chain.publicClient.getTransactionReceipt({ hash });
    const { timestamp } = await chain.publicClient.getBlock({ blockNumber: receipt.blockNumber });
    const ts = big(timestamp);
    let result = ledger;
    for (const log of parseEventLogs({ abi: streamPaymentAbi, logs: receipt.logs })) {
      if (log.eventName === "StreamCreated") {
        result = openLedger(big(log.args.deposit), big(log.args.ratePerSecond), ts);
      } else if (!result) {
        throw new Error(`${log.eventName} before StreamCreated`);
      } else if (log.eventName === "StreamToppedUp") {
        applyTopUp(result, big(log.args.amount), ts);
        expect(native(result.balance)).toBe(log.args.newBalance);
      } else if (log.eventName === "StreamWithdrawn") {
        expect(native(applyWithdraw(result, ts))).toBe(log.args.amount);
      } else if (log.eventName === "StreamTerminated") {
        applyTerminate(result, big(log.args.paidToRecipient), big(log.args.refundedToSender), ts);
      }
    }
    if (!result) throw new Error("no StreamCreated event");
    return result;
  }

  /** The ledger equals the contract's storage and views. */
  async function expectInStep(ledger: StreamLedger, streamId: StreamId) {
    const address = chain.streamPayment;
    const stored = await getStream(chain.publicClient, { address, streamId });
    expect({
      balance: native(ledger.balance),
      accrued: native(ledger.accrued),
      lastUpdate: native(ledger.lastUpdate),
      closed: ledger.closed,
    }).toEqual({
      balance: stored.balance,
      accrued: stored.accrued,
      lastUpdate: BigInt(stored.lastUpdate),
      closed: stored.closed,
    });
    const depletesAt = await readContract(chain.publicClient, {
      address,
      abi: streamPaymentAbi,
      functionName: "depletionTimeOf",
      args: [streamId],
    });
    expect(native(depletionTime(ledger))).toBe(depletesAt);
  }

  test("create, top up funded and dry, withdraw, terminate: the ledger follows the contract", async () => {
    const address = chain.streamPayment;
    const created = await createStream(chain.requestor, {
      address,
      recipient: chain.provider.account.address,
      deposit: 1_000_000n,
      ratePerSecond: 7n,
      serviceId: keccak256(toHex("ledger")),
    });
    const { streamId } = created;
    let ledger = await replay(undefined, created.hash);
    await expectInStep(ledger, streamId);

    await chain.time.increase(1000);
    ledger = await replay(
      ledger,
      (await topUp(chain.requestor, { address, streamId, amount: 333n })).hash,
    );
    await expectInStep(ledger, streamId);

    await chain.time.increase(50_000);
    ledger = await replay(ledger, (await withdraw(chain.provider, { address, streamId })).hash);
    await expectInStep(ledger, streamId);

    await chain.time.increase(200_000); // past depletion
    ledger = await replay(
      ledger,
      (await topUp(chain.requestor, { address, streamId, amount: 5000n })).hash,
    );
    await expectInStep(ledger, streamId);

    await chain.time.increase(100);
    ledger = await replay(ledger, (await terminate(chain.requestor, { address, streamId })).hash);
    await expectInStep(ledger, streamId);
    expect(native(ledger.withdrawn) + native(ledger.refunded)).toBe(native(ledger.deposited));
    expect(native(ledger.deposited)).toBe(1_000_000n + 333n + 5000n);
  });
});
