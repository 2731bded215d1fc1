import { keccak256, parseEther, toHex } from "viem";
import { beforeAll, describe, expect, test } from "vitest";
import { createTestChain, type TestChain } from "../../test-support/create-test-chain.ts";
import { golemRejection } from "../errors/golem-rejection.ts";
import { withdrawableAt } from "../stream/stream-balances.ts";
import { type StreamId, toStreamId } from "../stream/stream-id.ts";
import { createStream } from "./create-stream.ts";
import { getStream } from "./get-stream.ts";
import { requestGlmFromFaucet } from "./request-glm-from-faucet.ts";
import { withdrawMany } from "./withdraw-many.ts";

let chain: TestChain;
const ids: StreamId[] = [];

beforeAll(async () => {
  chain = await createTestChain();
  await requestGlmFromFaucet(chain.requestor, { token: chain.glm });
  for (const rate of [1n, 10n ** 12n, 10n ** 15n]) {
    const { streamId } = await createStream(chain.requestor, {
      address: chain.streamPayment,
      recipient: chain.provider.account.address,
      deposit: parseEther("1"),
      ratePerSecond: rate,
      serviceId: keccak256(toHex(`many-${rate}`)),
    });
    ids.push(streamId);
  }
}, 60_000);

describe("withdrawMany", () => {
  test("withdraws from every stream in one transaction and reports each amount", async () => {
    await chain.time.increase(600);
    const before = await Promise.all(
      ids.map((streamId) =>
        getStream(chain.publicClient, { address: chain.streamPayment, streamId }),
      ),
    );
    const { hash, total, amounts } = await withdrawMany(chain.provider, {
      address: chain.streamPayment,
      streamIds: ids,
    });
    const receipt = await chain.publicClient.getTransactionReceipt({ hash });
    const { timestamp } = await chain.publicClient.getBlock({ blockNumber: receipt.blockNumber });
    const expected = before.map((stream) => withdrawableAt(stream, timestamp));
    expect(ids.map((id) => amounts.get(id))).toEqual(expected);
    expect(total).toBe(expected.reduce((a, b) => a + b, 0n));
  });

  test("one unknown stream fails the batch as STREAM_NOT_FOUND", async () => {
    const err = await golemRejection(
      withdrawMany(chain.provider, {
        address: chain.streamPayment,
        streamIds: [...ids, toStreamId(77)],
      }),
    );
    expect(err.code).toBe("STREAM_NOT_FOUND");
    expect(err.details).toMatchObject({ function: "withdrawMany", streamId: "77" });
  });
});
