import {
  type Address,
  getAddress,
  keccak256,
  maxUint96,
  parseEther,
  toHex,
  zeroAddress,
} from "viem";
import { readContract } from "viem/actions";
import { beforeAll, describe, expect, test } from "vitest";
import { createTestChain, type TestChain } from "../../test-support/create-test-chain.ts";
import { glmAbi } from "../abi/glm-abi.generated.ts";
import { golemRejection } from "../errors/golem-rejection.ts";
import { createStream } from "./create-stream.ts";
import { getStream } from "./get-stream.ts";
import { requestGlmFromFaucet } from "./request-glm-from-faucet.ts";

let chain: TestChain;
const serviceId = keccak256(toHex("offer-1"));

beforeAll(async () => {
  chain = await createTestChain();
  await requestGlmFromFaucet(chain.requestor, { token: chain.glm });
}, 60_000);

const allowance = (owner: Address) =>
  readContract(chain.publicClient, {
    address: chain.glm,
    abi: glmAbi,
    functionName: "allowance",
    args: [owner, chain.streamPayment],
  });

describe("createStream", () => {
  test("approves the deposit when the allowance is short, then opens the stream", async () => {
    const result = await createStream(chain.requestor, {
      address: chain.streamPayment,
      recipient: chain.provider.account.address,
      deposit: parseEther("10"),
      ratePerSecond: 1_000_000n,
      serviceId,
    });
    expect(result.approveHash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(result.streamId).toBe(1n);
    const stream = await getStream(chain.publicClient, {
      address: chain.streamPayment,
      streamId: result.streamId,
    });
    expect(stream).toMatchObject({
      sender: getAddress(chain.requestor.account.address),
      recipient: getAddress(chain.provider.account.address),
      balance: parseEther("10"),
      accrued: 0n,
      ratePerSecond: 1_000_000n,
      serviceId,
      closed: false,
    });
    expect(await allowance(chain.requestor.account.address)).toBe(0n);
  });

  test("skips the approve when the allowance covers the deposit", async () => {
    await chain.requestor.writeContract({
      address: chain.glm,
      abi: glmAbi,
      functionName: "approve",
      args: [chain.streamPayment, parseEther("5")],
    });
    const result = await createStream(chain.requestor, {
      address: chain.streamPayment,
      recipient: chain.provider.account.address,
      deposit: parseEther("5"),
      ratePerSecond: 7n,
      serviceId,
      token: chain.glm,
    });
    expect(result.approveHash).toBeUndefined();
    expect(result.streamId).toBe(2n);
  });

  test("a deposit above the balance is INSUFFICIENT_FUNDS before any transaction", async () => {
    const before = await chain.publicClient.getTransactionCount({
      address: chain.stranger.account.address,
    });
    const err = await golemRejection(
      createStream(chain.stranger, {
        address: chain.streamPayment,
        recipient: chain.provider.account.address,
        deposit: 1n,
        ratePerSecond: 1n,
        serviceId,
      }),
    );
    expect(err.code).toBe("INSUFFICIENT_FUNDS");
    expect(err.message).toBe(
      `${getAddress(chain.stranger.account.address)} holds 0 token base units; 1 are needed`,
    );
    expect(
      await chain.publicClient.getTransactionCount({ address: chain.stranger.account.address }),
    ).toBe(before);
  });

  const bad: [string, Partial<Parameters<typeof createStream>[1]>, string, RegExp][] = [
    ["zero recipient", { recipient: zeroAddress }, "RECIPIENT_ZERO_ADDRESS", /zero address/],
    ["zero rate", { ratePerSecond: 0n }, "RATE_ZERO", /rate is 0/],
    [
      "rate above uint96",
      { ratePerSecond: maxUint96 + 1n },
      "RATE_TOO_HIGH",
      /above the contract's maximum/,
    ],
    ["zero deposit", { deposit: 0n }, "DEPOSIT_ZERO", /deposit is 0/],
    ["deposit above the maximum", { deposit: 2n ** 128n }, "AMOUNT_TOO_HIGH", /does not fit/],
  ];
  for (const [what, change, code, message] of bad) {
    test(`a ${what} reverts as ${code}, with no approve sent`, async () => {
      const before = await allowance(chain.requestor.account.address);
      const err = await golemRejection(
        createStream(chain.requestor, {
          address: chain.streamPayment,
          recipient: chain.provider.account.address,
          deposit: parseEther("1"),
          ratePerSecond: 1n,
          serviceId,
          ...change,
        }),
      );
      expect(err.code).toBe(code);
      expect(err.message).toMatch(message);
      expect(err.details).toMatchObject({
        function: "createStream",
        contract: chain.streamPayment,
      });
      expect(await allowance(chain.requestor.account.address)).toBe(before);
    });
  }

  test("paying yourself reverts as RECIPIENT_IS_SENDER", async () => {
    const err = await golemRejection(
      createStream(chain.requestor, {
        address: chain.streamPayment,
        recipient: chain.requestor.account.address,
        deposit: 1n,
        ratePerSecond: 1n,
        serviceId,
      }),
    );
    expect(err.code).toBe("RECIPIENT_IS_SENDER");
    expect(err.details).toMatchObject({ sender: getAddress(chain.requestor.account.address) });
  });
});
