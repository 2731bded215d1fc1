import { keccak256, toHex } from "viem";
import { readContract } from "viem/actions";
import { beforeAll, describe, expect, test } from "vitest";
import { createTestChain, type TestChain } from "../../test-support/create-test-chain.ts";
import { streamPaymentAbi } from "../abi/stream-payment-abi.generated.ts";
import { createStream } from "../contract/create-stream.ts";
import { getStream } from "../contract/get-stream.ts";
import { requestGlmFromFaucet } from "../contract/request-glm-from-faucet.ts";
import { terminate } from "../contract/terminate.ts";
import { topUp } from "../contract/top-up.ts";
import { withdraw } from "../contract/withdraw.ts";
import { depletionTime, isActiveAt, runwaySecondsAt } from "./depletion-time.ts";
import { refundableAt, withdrawableAt } from "./stream-balances.ts";
import type { StreamId } from "./stream-id.ts";

// The sdk's stream math against the deployed contract's views, on a real (in-process) chain.
let chain: TestChain;

const min = (a: bigint, b: bigint) => (a < b ? a : b);

/** Deterministic PRNG (LCG): a failure replays with the same seed. */
function random(seed: number) {
  let x = seed;
  return (max: bigint): bigint => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    const hi = BigInt(x);
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return ((hi << 31n) | BigInt(x)) % max;
  };
}

beforeAll(async () => {
  chain = await createTestChain();
  await requestGlmFromFaucet(chain.requestor, { token: chain.glm });
}, 60_000);

/** Compares every stream at the latest block; returns how many were open but depleted. */
async function compareAtLatestBlock(ids: readonly StreamId[]): Promise<number> {
  let depleted = 0;
  const block = await chain.publicClient.getBlock({ blockTag: "latest" });
  const at = { blockNumber: block.number };
  for (const streamId of ids) {
    const read = {
      address: chain.streamPayment,
      abi: streamPaymentAbi,
      args: [streamId],
      ...at,
    } as const;
    const stream = await getStream(chain.publicClient, {
      address: chain.streamPayment,
      streamId,
      blockNumber: block.number,
    });
    const t = block.timestamp;
    const [withdrawable, refundable, depletion, isActive] = await Promise.all([
      readContract(chain.publicClient, { ...read, functionName: "withdrawableOf" }),
      readContract(chain.publicClient, { ...read, functionName: "refundableOf" }),
      readContract(chain.publicClient, { ...read, functionName: "depletionTimeOf" }),
      readContract(chain.publicClient, { ...read, functionName: "isActive" }),
    ]);
    const views = { withdrawable, refundable, depletionTime: depletion, isActive };
    const math = {
      withdrawable: withdrawableAt(stream, t),
      refundable: refundableAt(stream, t),
      depletionTime: depletionTime(stream),
      isActive: isActiveAt(stream, t),
    };
    expect(math, `stream ${streamId} at ${t}`).toEqual(views);
    const runway = runwaySecondsAt(stream, t);
    expect(runway).toBe(views.depletionTime > t ? views.depletionTime - t : 0n);
    if (!stream.closed && !views.isActive) depleted++;
  }
  return depleted;
}

describe("stream math vs StreamPayment views", () => {
  test("agree for random streams through time travel, top-ups, withdrawals and terminations", async () => {
    const next = random(20261123);
    const ids: StreamId[] = [];
    for (let i = 0; i < 24; i++) {
      const ratePerSecond = 1n + next(10n ** 14n);
      // Deposits from ~0 s to ~1 h of runway, some not a whole number of seconds.
      const deposit = 1n + ratePerSecond * next(3600n) + next(ratePerSecond);
      const { streamId } = await createStream(chain.requestor, {
        address: chain.streamPayment,
        recipient: chain.provider.account.address,
        deposit,
        ratePerSecond,
        serviceId: keccak256(toHex(`random-${i}`)),
        token: chain.glm,
      });
      ids.push(streamId);
    }
    await compareAtLatestBlock(ids);

    // Count what the walk went through, so a change of seed cannot silently skip a branch.
    const seen = {
      withdraw: 0,
      topUpFunded: 0,
      topUpDepleted: 0,
      terminate: 0,
      depletedCompared: 0,
    };
    for (let step = 0; step < 40; step++) {
      await chain.time.increase(1n + next(1800n));
      const streamId = ids[Number(next(BigInt(ids.length)))] as StreamId;
      const before = await getStream(chain.publicClient, {
        address: chain.streamPayment,
        streamId,
      });
      const action = next(10n);
      if (before.closed) {
        // nothing to do on a closed stream but compare
      } else if (action < 4n) {
        const { amount } = await withdraw(chain.provider, {
          address: chain.streamPayment,
          streamId,
        });
        const mined = await chain.publicClient.getBlock({ blockTag: "latest" });
        expect(amount).toBe(withdrawableAt(before, mined.timestamp));
        seen.withdraw++;
      } else if (action < 8n) {
        const amount = 1n + next(before.ratePerSecond * 3600n);
        await topUp(chain.requestor, {
          address: chain.streamPayment,
          streamId,
          amount,
          token: chain.glm,
        });
        const mined = await chain.publicClient.getBlock({ blockTag: "latest" });
        const after = await getStream(chain.publicClient, {
          address: chain.streamPayment,
          streamId,
        });
        // However the contract stores it, a top-up adds to what is refundable and changes nothing
        // accrued; after depletion, accrual resumes at the top-up (unfunded time is never paid).
        const t = mined.timestamp;
        if (refundableAt(before, t) === 0n) seen.topUpDepleted++;
        else seen.topUpFunded++;
        expect(refundableAt(after, t)).toBe(refundableAt(before, t) + amount);
        expect(withdrawableAt(after, t)).toBe(withdrawableAt(before, t));
        const later = t + 1n + next(3600n);
        const resumed =
          withdrawableAt(before, t) +
          min(after.ratePerSecond * (later - t), refundableAt(after, t));
        expect(withdrawableAt(after, later)).toBe(resumed);
      } else if (action < 9n) {
        const result = await terminate(chain.requestor, { address: chain.streamPayment, streamId });
        const mined = await chain.publicClient.getBlock({ blockTag: "latest" });
        expect(result.paidToRecipient).toBe(withdrawableAt(before, mined.timestamp));
        expect(result.refundedToSender).toBe(refundableAt(before, mined.timestamp));
        seen.terminate++;
      }
      seen.depletedCompared += await compareAtLatestBlock(ids);
    }
    for (const [branch, count] of Object.entries(seen)) expect(count, branch).toBeGreaterThan(0);
  }, 120_000);

  test("agree one second before, at and after depletion", async () => {
    const ratePerSecond = 3n;
    const { streamId } = await createStream(chain.requestor, {
      address: chain.streamPayment,
      recipient: chain.provider.account.address,
      deposit: 100n, // 33.3 s: depletes at lastUpdate + 34
      ratePerSecond,
      serviceId: keccak256(toHex("edge")),
      token: chain.glm,
    });
    const stream = await getStream(chain.publicClient, { address: chain.streamPayment, streamId });
    const end = depletionTime(stream);
    expect(end).toBe(BigInt(stream.lastUpdate) + 34n);
    for (const t of [end - 1n, end, end + 1n]) {
      await chain.time.increaseTo(t);
      await compareAtLatestBlock([streamId]);
    }
  });
});
