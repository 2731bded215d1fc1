import { keccak256, parseEther, toHex } from "viem";
import { beforeAll, describe, expect, test } from "vitest";
import { createTestChain, type TestChain } from "../../test-support/create-test-chain.ts";
import { golemRejection } from "../errors/golem-rejection.ts";
import { toStreamId } from "../stream/stream-id.ts";
import { createStream } from "./create-stream.ts";
import { getGlmBalance } from "./get-glm-balance.ts";
import { requestGlmFromFaucet } from "./request-glm-from-faucet.ts";
import { terminate } from "./terminate.ts";
import { withdraw } from "./withdraw.ts";

let chain: TestChain;

beforeAll(async () => {
  chain = await createTestChain();
  await requestGlmFromFaucet(chain.requestor, { token: chain.glm });
}, 60_000);

const open = () =>
  createStream(chain.requestor, {
    address: chain.streamPayment,
    recipient: chain.provider.account.address,
    deposit: parseEther("1"),
    ratePerSecond: 10n ** 15n, // 1000 s of runway
    serviceId: keccak256(toHex("withdraw")),
  });

describe("withdraw", () => {
  test("pays the recipient what accrued, whoever calls", async () => {
    const { streamId, hash } = await open();
    const created = await chain.publicClient.getTransactionReceipt({ hash });
    await chain.time.increase(100);
    const providerBefore = await getGlmBalance(chain.publicClient, {
      token: chain.glm,
      owner: chain.provider.account.address,
    });
    const result = await withdraw(chain.stranger, { address: chain.streamPayment, streamId });
    const paid = await chain.publicClient.getTransactionReceipt({ hash: result.hash });
    const [t0, t1] = await Promise.all(
      [created, paid].map(
        async (r) => (await chain.publicClient.getBlock({ blockNumber: r.blockNumber })).timestamp,
      ),
    );
    expect(result.amount).toBe(10n ** 15n * ((t1 as bigint) - (t0 as bigint)));
    expect(
      await getGlmBalance(chain.publicClient, {
        token: chain.glm,
        owner: chain.provider.account.address,
      }),
    ).toBe(providerBefore + result.amount);
  });

  test("returns 0 when nothing is due (a closed stream)", async () => {
    const { streamId } = await open();
    await terminate(chain.provider, { address: chain.streamPayment, streamId });
    expect(
      (await withdraw(chain.provider, { address: chain.streamPayment, streamId })).amount,
    ).toBe(0n);
  });

  test("an unknown stream is STREAM_NOT_FOUND", async () => {
    const err = await golemRejection(
      withdraw(chain.provider, { address: chain.streamPayment, streamId: toStreamId(4242) }),
    );
    expect(err.code).toBe("STREAM_NOT_FOUND");
  });
});
