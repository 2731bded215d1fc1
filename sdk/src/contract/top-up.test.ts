import { keccak256, parseEther, toHex } from "viem";
import { beforeAll, describe, expect, test } from "vitest";
import { createTestChain, type TestChain } from "../../test-support/create-test-chain.ts";
import { golemRejection } from "../errors/golem-rejection.ts";
import { refundableAt } from "../stream/stream-balances.ts";
import { toStreamId } from "../stream/stream-id.ts";
import { createStream } from "./create-stream.ts";
import { getStream } from "./get-stream.ts";
import { requestGlmFromFaucet } from "./request-glm-from-faucet.ts";
import { terminate } from "./terminate.ts";
import { topUp } from "./top-up.ts";

let chain: TestChain;

beforeAll(async () => {
  chain = await createTestChain();
  await requestGlmFromFaucet(chain.requestor, { token: chain.glm });
  await requestGlmFromFaucet(chain.stranger, { token: chain.glm });
}, 60_000);

const open = () =>
  createStream(chain.requestor, {
    address: chain.streamPayment,
    recipient: chain.provider.account.address,
    deposit: parseEther("1"),
    ratePerSecond: 10n ** 12n,
    serviceId: keccak256(toHex("top-up")),
  });

describe("topUp", () => {
  test("adds to the refundable balance, approving first when needed", async () => {
    const { streamId } = await open();
    const before = await getStream(chain.publicClient, { address: chain.streamPayment, streamId });
    const { hash, approveHash } = await topUp(chain.requestor, {
      address: chain.streamPayment,
      streamId,
      amount: parseEther("0.5"),
    });
    expect(approveHash).toBeDefined();
    const receipt = await chain.publicClient.getTransactionReceipt({ hash });
    const { timestamp } = await chain.publicClient.getBlock({ blockNumber: receipt.blockNumber });
    const after = await getStream(chain.publicClient, { address: chain.streamPayment, streamId });
    expect(refundableAt(after, timestamp)).toBe(
      refundableAt(before, timestamp) + parseEther("0.5"),
    );
  });

  test("anyone may top up a stream", async () => {
    const { streamId } = await open();
    await expect(
      topUp(chain.stranger, { address: chain.streamPayment, streamId, amount: 1n }),
    ).resolves.toMatchObject({ hash: expect.stringMatching(/^0x/) });
  });

  test("an unknown stream is STREAM_NOT_FOUND", async () => {
    const err = await golemRejection(
      topUp(chain.requestor, {
        address: chain.streamPayment,
        streamId: toStreamId(999),
        amount: 1n,
      }),
    );
    expect(err.code).toBe("STREAM_NOT_FOUND");
    expect(err.message).toBe("stream 999 does not exist");
    expect(err.status).toBe(404);
  });

  test("a closed stream is STREAM_CLOSED", async () => {
    const { streamId } = await open();
    await terminate(chain.requestor, { address: chain.streamPayment, streamId });
    const err = await golemRejection(
      topUp(chain.requestor, { address: chain.streamPayment, streamId, amount: 1n }),
    );
    expect(err.code).toBe("STREAM_CLOSED");
    expect(err.message).toBe(`stream ${streamId} is closed`);
  });

  test("a zero amount is DEPOSIT_ZERO", async () => {
    const { streamId } = await open();
    const err = await golemRejection(
      topUp(chain.requestor, { address: chain.streamPayment, streamId, amount: 0n }),
    );
    expect(err.code).toBe("DEPOSIT_ZERO");
  });
});
