import { keccak256, parseEther, toHex } from "viem";
import { beforeAll, describe, expect, test } from "vitest";
import { createTestChain, type TestChain } from "../../test-support/create-test-chain.ts";
import { golemRejection } from "../errors/golem-rejection.ts";
import { refundableAt, withdrawableAt } from "../stream/stream-balances.ts";
import { createStream } from "./create-stream.ts";
import { getStream } from "./get-stream.ts";
import { requestGlmFromFaucet } from "./request-glm-from-faucet.ts";
import { terminate } from "./terminate.ts";

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
    ratePerSecond: 10n ** 14n,
    serviceId: keccak256(toHex("terminate")),
  });

describe("terminate", () => {
  test("pays what accrued to the recipient and refunds the rest to the sender", async () => {
    const { streamId } = await open();
    await chain.time.increase(1234);
    const before = await getStream(chain.publicClient, { address: chain.streamPayment, streamId });
    const result = await terminate(chain.requestor, { address: chain.streamPayment, streamId });
    const receipt = await chain.publicClient.getTransactionReceipt({ hash: result.hash });
    const { timestamp } = await chain.publicClient.getBlock({ blockNumber: receipt.blockNumber });
    expect(result.paidToRecipient).toBe(withdrawableAt(before, timestamp));
    expect(result.refundedToSender).toBe(refundableAt(before, timestamp));
    expect(result.paidToRecipient + result.refundedToSender).toBe(parseEther("1"));
    const after = await getStream(chain.publicClient, { address: chain.streamPayment, streamId });
    expect(after).toMatchObject({ closed: true, balance: 0n, accrued: 0n });
  });

  test("the recipient may terminate too", async () => {
    const { streamId } = await open();
    await expect(
      terminate(chain.provider, { address: chain.streamPayment, streamId }),
    ).resolves.toMatchObject({
      refundedToSender: expect.any(BigInt),
    });
  });

  test("anyone else is STREAM_UNAUTHORIZED", async () => {
    const { streamId } = await open();
    const err = await golemRejection(
      terminate(chain.stranger, { address: chain.streamPayment, streamId }),
    );
    expect(err.code).toBe("STREAM_UNAUTHORIZED");
    expect(err.status).toBe(403);
    expect(err.message).toMatch(/is neither the sender nor the recipient of stream \d+$/);
  });

  test("terminating twice is STREAM_CLOSED", async () => {
    const { streamId } = await open();
    await terminate(chain.requestor, { address: chain.streamPayment, streamId });
    const err = await golemRejection(
      terminate(chain.requestor, { address: chain.streamPayment, streamId }),
    );
    expect(err.code).toBe("STREAM_CLOSED");
  });
});
