import { keccak256, parseEther, toHex, zeroAddress } from "viem";
import { simulateContract } from "viem/actions";
import { beforeAll, describe, expect, test } from "vitest";
import { createTestChain, type TestChain } from "../../test-support/create-test-chain.ts";
import { glmAbi } from "../abi/glm-abi.generated.ts";
import { streamPaymentAbi } from "../abi/stream-payment-abi.generated.ts";
import { requestGlmFromFaucet } from "../contract/request-glm-from-faucet.ts";
import { golemErrorFromContractError } from "./golem-error-from-contract-error.ts";

// Real reverts for the table rows the sdk's own actions never reach (they check first).
let chain: TestChain;

beforeAll(async () => {
  chain = await createTestChain();
  await requestGlmFromFaucet(chain.requestor, { token: chain.glm });
}, 60_000);

const createStreamCall = (deposit: bigint) =>
  ({
    address: chain.streamPayment,
    abi: streamPaymentAbi,
    functionName: "createStream",
    args: [chain.provider.account.address, deposit, 1n, keccak256(toHex("raw"))],
  }) as const;

describe("real reverts through the table", () => {
  test("createStream without an approve is INSUFFICIENT_ALLOWANCE (ERC20InsufficientAllowance)", async () => {
    const thrown = await simulateContract(chain.requestor, {
      ...createStreamCall(parseEther("1")),
      account: chain.requestor.account,
    }).catch((e: unknown) => e);
    const err = golemErrorFromContractError(thrown);
    expect(err.code).toBe("INSUFFICIENT_ALLOWANCE");
    expect(err.details).toMatchObject({ error: "ERC20InsufficientAllowance", allowance: "0" });
  });

  test("createStream approved but unfunded is INSUFFICIENT_FUNDS (ERC20InsufficientBalance)", async () => {
    await chain.stranger.writeContract({
      address: chain.glm,
      abi: glmAbi,
      functionName: "approve",
      args: [chain.streamPayment, parseEther("1")],
    });
    const thrown = await simulateContract(chain.stranger, {
      ...createStreamCall(parseEther("1")),
      account: chain.stranger.account,
    }).catch((e: unknown) => e);
    const err = golemErrorFromContractError(thrown);
    expect(err.code).toBe("INSUFFICIENT_FUNDS");
    expect(err.details).toMatchObject({
      error: "ERC20InsufficientBalance",
      needed: parseEther("1").toString(),
    });
  });

  test("deploying StreamPayment without a token is TOKEN_ZERO_ADDRESS", async () => {
    const thrown = await chain.connection.viem
      .deployContract("StreamPayment", [zeroAddress])
      .catch((e: unknown) => e);
    expect(golemErrorFromContractError(thrown).code).toBe("TOKEN_ZERO_ADDRESS");
  });

  test("a sender without gas money is INSUFFICIENT_FUNDS, not an unexpected chain error", async () => {
    await chain.networkHelpers.setBalance(chain.stranger.account.address, 0n);
    const thrown = await chain.stranger
      .writeContract({
        address: chain.glm,
        abi: glmAbi,
        functionName: "approve",
        args: [chain.streamPayment, 1n],
      })
      .catch((e: unknown) => e);
    const err = golemErrorFromContractError(thrown);
    expect(err.code).toBe("INSUFFICIENT_FUNDS");
    expect(err.hints.join(" ")).toContain("gas");
  });
});
