import { keccak256, parseEther, toHex } from "viem";
import { beforeAll, describe, expect, test } from "vitest";
import { createTestChain, type TestChain } from "../../test-support/create-test-chain.ts";
import { golemRejection } from "../errors/golem-rejection.ts";
import { toStreamId } from "../stream/stream-id.ts";
import { createStream } from "./create-stream.ts";
import { getStreamState } from "./get-stream-state.ts";
import { requestGlmFromFaucet } from "./request-glm-from-faucet.ts";
import { terminate } from "./terminate.ts";

let chain: TestChain;

beforeAll(async () => {
  chain = await createTestChain();
  await requestGlmFromFaucet(chain.requestor, { token: chain.glm });
}, 60_000);

describe("getStreamState", () => {
  test("reports the stream at the latest block's time, through depletion and termination", async () => {
    const rate = 10n ** 15n;
    const { streamId } = await createStream(chain.requestor, {
      address: chain.streamPayment,
      recipient: chain.provider.account.address,
      deposit: parseEther("1"), // 1000 s
      ratePerSecond: rate,
      serviceId: keccak256(toHex("state")),
    });
    const params = { address: chain.streamPayment, streamId };
    const start = await getStreamState(chain.publicClient, params);
    const t0 = BigInt(start.stream.lastUpdate);
    expect(start).toMatchObject({ depletionTime: t0 + 1000n, isActive: true });
    expect(start.runwaySeconds).toBe(t0 + 1000n - start.at);

    await chain.time.increase(400);
    const mid = await getStreamState(chain.publicClient, params);
    const elapsed = mid.at - t0;
    expect(mid).toMatchObject({
      withdrawable: rate * elapsed,
      refundable: parseEther("1") - rate * elapsed,
      runwaySeconds: 1000n - elapsed,
      isActive: true,
    });
    expect(mid.blockNumber).toBe(await chain.publicClient.getBlockNumber());

    await chain.time.increase(5000);
    const dry = await getStreamState(chain.publicClient, params);
    expect(dry).toMatchObject({
      withdrawable: parseEther("1"),
      refundable: 0n,
      runwaySeconds: 0n,
      isActive: false,
    });

    await terminate(chain.provider, params);
    const closed = await getStreamState(chain.publicClient, params);
    expect(closed).toMatchObject({
      withdrawable: 0n,
      refundable: 0n,
      depletionTime: 0n,
      isActive: false,
      runwaySeconds: 0n,
    });
    expect(closed.stream.closed).toBe(true);
  });

  test("an unknown stream is STREAM_NOT_FOUND", async () => {
    const err = await golemRejection(
      getStreamState(chain.publicClient, {
        address: chain.streamPayment,
        streamId: toStreamId(99),
      }),
    );
    expect(err.code).toBe("STREAM_NOT_FOUND");
  });
});
