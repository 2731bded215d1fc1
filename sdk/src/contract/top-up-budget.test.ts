import { keccak256, parseEther, toHex } from "viem";
import { beforeAll, describe, expect, test } from "vitest";
import { createTestChain, type TestChain } from "../../test-support/create-test-chain.ts";
import { golemRejection } from "../errors/golem-rejection.ts";
import { refundableAt } from "../stream/stream-balances.ts";
import { createStream } from "./create-stream.ts";
import { getStream } from "./get-stream.ts";
import { requestGlmFromFaucet } from "./request-glm-from-faucet.ts";
import { setTopUpBudget } from "./set-top-up-budget.ts";
import { topUpFromBudget } from "./top-up-from-budget.ts";

// Real in-process Hardhat chain with the real StreamPayment and test GLM.
let chain: TestChain;

beforeAll(async () => {
  chain = await createTestChain();
  await requestGlmFromFaucet(chain.requestor, { token: chain.glm });
}, 60_000);

const open = (topUpBudget?: bigint) =>
  createStream(chain.requestor, {
    address: chain.streamPayment,
    recipient: chain.provider.account.address,
    deposit: parseEther("1"),
    ratePerSecond: 10n ** 12n,
    serviceId: keccak256(toHex(`budget-${Math.random()}`)),
    topUpBudget,
  });
const read = (streamId: Awaited<ReturnType<typeof open>>["streamId"]) =>
  getStream(chain.publicClient, { address: chain.streamPayment, streamId });

describe("top-up budgets", () => {
  test("createStream with a budget stores it; anyone pulls within it, into the stream's balance", async () => {
    const { streamId } = await open(parseEther("2"));
    expect((await read(streamId)).topUpBudget).toBe(parseEther("2"));
    const before = await read(streamId);
    const { hash } = await topUpFromBudget(chain.provider, {
      address: chain.streamPayment,
      streamId,
      amount: parseEther("0.5"),
    });
    const receipt = await chain.publicClient.getTransactionReceipt({ hash });
    const { timestamp } = await chain.publicClient.getBlock({ blockNumber: receipt.blockNumber });
    const after = await read(streamId);
    expect(refundableAt(after, timestamp)).toBe(
      refundableAt(before, timestamp) + parseEther("0.5"),
    );
    expect(after.topUpBudget).toBe(parseEther("1.5"));
  });

  test("a pull past the remaining budget is BUDGET_EXCEEDED and costs no transaction", async () => {
    const { streamId } = await open(parseEther("0.1"));
    const nonce = await chain.publicClient.getTransactionCount({
      address: chain.provider.account.address,
    });
    const error = await golemRejection(
      topUpFromBudget(chain.provider, {
        address: chain.streamPayment,
        streamId,
        amount: parseEther("0.2"),
      }),
    );
    expect(error.code).toBe("BUDGET_EXCEEDED");
    expect(
      await chain.publicClient.getTransactionCount({ address: chain.provider.account.address }),
    ).toBe(nonce);
  });

  test("setTopUpBudget replaces the budget (0 clears it); only the sender may set it", async () => {
    const { streamId } = await open();
    expect((await read(streamId)).topUpBudget).toBe(0n);
    await setTopUpBudget(chain.requestor, {
      address: chain.streamPayment,
      streamId,
      budget: parseEther("3"),
    });
    expect((await read(streamId)).topUpBudget).toBe(parseEther("3"));
    await setTopUpBudget(chain.requestor, { address: chain.streamPayment, streamId, budget: 0n });
    expect((await read(streamId)).topUpBudget).toBe(0n);
    const error = await golemRejection(
      setTopUpBudget(chain.stranger, { address: chain.streamPayment, streamId, budget: 1n }),
    );
    expect(error.code).toBe("STREAM_NOT_SENDER");
  });
});
