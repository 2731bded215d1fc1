import { parseEther } from "viem";
import { readContract } from "viem/actions";
import { beforeAll, describe, expect, test } from "vitest";
import { createTestChain, type TestChain } from "../../test-support/create-test-chain.ts";
import { glmAbi } from "../abi/glm-abi.generated.ts";
import { golemRejection } from "../errors/golem-rejection.ts";
import { ensureAllowance } from "./ensure-allowance.ts";
import { requestGlmFromFaucet } from "./request-glm-from-faucet.ts";

let chain: TestChain;

beforeAll(async () => {
  chain = await createTestChain();
  await requestGlmFromFaucet(chain.requestor, { token: chain.glm });
}, 60_000);

const allowance = () =>
  readContract(chain.publicClient, {
    address: chain.glm,
    abi: glmAbi,
    functionName: "allowance",
    args: [chain.requestor.account.address, chain.streamPayment],
  });

describe("ensureAllowance", () => {
  test("approves exactly the amount when short, and nothing when enough", async () => {
    const params = { token: chain.glm, spender: chain.streamPayment, amount: parseEther("7") };
    const first = await ensureAllowance(chain.requestor, params);
    expect(first.approveHash).toBeDefined();
    expect(await allowance()).toBe(parseEther("7"));
    const second = await ensureAllowance(chain.requestor, { ...params, amount: parseEther("6") });
    expect(second.approveHash).toBeUndefined();
    expect(await allowance()).toBe(parseEther("7"));
  });

  test("a balance below the amount is INSUFFICIENT_FUNDS with the numbers", async () => {
    const err = await golemRejection(
      ensureAllowance(chain.requestor, {
        token: chain.glm,
        spender: chain.streamPayment,
        amount: parseEther("1001"),
      }),
    );
    expect(err.code).toBe("INSUFFICIENT_FUNDS");
    expect(err.details).toMatchObject({
      balance: parseEther("1000").toString(),
      needed: parseEther("1001").toString(),
    });
  });
});
