import { parseEther, zeroAddress } from "viem";
import { readContract } from "viem/actions";
import { beforeAll, describe, expect, test } from "vitest";
import { createTestChain, type TestChain } from "../../test-support/create-test-chain.ts";
import { glmAbi } from "../abi/glm-abi.generated.ts";
import { formatGolemError } from "../errors/format-golem-error.ts";
import { golemRejection } from "../errors/golem-rejection.ts";
import { getGlmBalance } from "./get-glm-balance.ts";
import { requestGlmFromFaucet } from "./request-glm-from-faucet.ts";

let chain: TestChain;

beforeAll(async () => {
  chain = await createTestChain();
}, 60_000);

describe("requestGlmFromFaucet", () => {
  test("mints the faucet amount to the caller", async () => {
    const { amount } = await requestGlmFromFaucet(chain.requestor, { token: chain.glm });
    expect(amount).toBe(parseEther("1000"));
    expect(
      await getGlmBalance(chain.publicClient, {
        token: chain.glm,
        owner: chain.requestor.account.address,
      }),
    ).toBe(amount);
  });

  test("mints to another recipient with faucetTo", async () => {
    const recipient = chain.stranger.account.address;
    const { amount } = await requestGlmFromFaucet(chain.provider, { token: chain.glm, recipient });
    expect(await getGlmBalance(chain.publicClient, { token: chain.glm, owner: recipient })).toBe(
      amount,
    );
    expect(
      await getGlmBalance(chain.publicClient, {
        token: chain.glm,
        owner: chain.provider.account.address,
      }),
    ).toBe(0n);
  });

  test("a second request within the cooldown is FAUCET_COOLDOWN, then works after it", async () => {
    const availableAt = await readContract(chain.publicClient, {
      address: chain.glm,
      abi: glmAbi,
      functionName: "nextFaucetAt",
      args: [chain.requestor.account.address],
    });
    const err = await golemRejection(requestGlmFromFaucet(chain.requestor, { token: chain.glm }));
    expect(err.code).toBe("FAUCET_COOLDOWN");
    expect(err.status).toBe(429);
    expect(err.details).toMatchObject({ availableAt: availableAt.toString() });
    expect(
      formatGolemError(err)
        .replace(/0x[0-9a-fA-F]{40}/, "<address>")
        .replace(/\d{10}/, "<time>"),
    ).toMatchInlineSnapshot(`
        "error[FAUCET_COOLDOWN]: the faucet gives <address> tokens again at <time> (unix seconds)
          hint: wait until the faucet is available again"
      `);
    await chain.time.increaseTo(availableAt);
    await expect(
      requestGlmFromFaucet(chain.requestor, { token: chain.glm }),
    ).resolves.toMatchObject({
      amount: parseEther("1000"),
    });
  });

  test("the zero address as recipient is RECIPIENT_ZERO_ADDRESS", async () => {
    const err = await golemRejection(
      requestGlmFromFaucet(chain.requestor, { token: chain.glm, recipient: zeroAddress }),
    );
    expect(err.code).toBe("RECIPIENT_ZERO_ADDRESS");
    expect(err.hints).toEqual(["pass the wallet address that should receive the test tokens"]);
  });
});
