import { beforeAll, expect, test } from "vitest";
import { createTestChain, type TestChain } from "../../test-support/create-test-chain.ts";
import { golemRejection } from "../errors/golem-rejection.ts";
import { getGlmBalance } from "./get-glm-balance.ts";

let chain: TestChain;

beforeAll(async () => {
  chain = await createTestChain();
}, 60_000);

test("getGlmBalance of a fresh account is 0", async () => {
  expect(
    await getGlmBalance(chain.publicClient, {
      token: chain.glm,
      owner: chain.stranger.account.address,
    }),
  ).toBe(0n);
});

test("getGlmBalance at an address with no token is DEPLOYMENT_NOT_FOUND", async () => {
  const err = await golemRejection(
    getGlmBalance(chain.publicClient, {
      token: "0x000000000000000000000000000000000000dEaD",
      owner: chain.stranger.account.address,
    }),
  );
  expect(err.code).toBe("DEPLOYMENT_NOT_FOUND");
});
