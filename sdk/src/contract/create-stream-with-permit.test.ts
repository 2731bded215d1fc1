import { getAddress, keccak256, parseEther, toHex } from "viem";
import { readContract } from "viem/actions";
import { beforeAll, describe, expect, test } from "vitest";
import { createTestChain, type TestChain } from "../../test-support/create-test-chain.ts";
import { glmAbi } from "../abi/glm-abi.generated.ts";
import { golemRejection } from "../errors/golem-rejection.ts";
import { createStreamWithPermit } from "./create-stream-with-permit.ts";
import { getStream } from "./get-stream.ts";
import { requestGlmFromFaucet } from "./request-glm-from-faucet.ts";

let chain: TestChain;
const serviceId = keccak256(toHex("offer-permit"));

beforeAll(async () => {
  chain = await createTestChain();
  await requestGlmFromFaucet(chain.requestor, { token: chain.glm });
}, 60_000);

describe("createStreamWithPermit", () => {
  test("opens a stream with one signature and one transaction", async () => {
    const sender = chain.requestor.account.address;
    const nonceBefore = await chain.publicClient.getTransactionCount({ address: sender });
    const { streamId, hash } = await createStreamWithPermit(chain.requestor, {
      address: chain.streamPayment,
      recipient: chain.provider.account.address,
      deposit: parseEther("2"),
      ratePerSecond: 1000n,
      serviceId,
    });
    expect(streamId).toBe(1n);
    expect(hash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(await chain.publicClient.getTransactionCount({ address: sender })).toBe(nonceBefore + 1);
    const stream = await getStream(chain.publicClient, { address: chain.streamPayment, streamId });
    expect(stream).toMatchObject({
      sender: getAddress(sender),
      balance: parseEther("2"),
      ratePerSecond: 1000n,
      serviceId,
    });
    const allowance = await readContract(chain.publicClient, {
      address: chain.glm,
      abi: glmAbi,
      functionName: "allowance",
      args: [sender, chain.streamPayment],
    });
    expect(allowance).toBe(0n);
  });

  test("an expired permit and no allowance reverts as PERMIT_FAILED", async () => {
    const now = (await chain.publicClient.getBlock()).timestamp;
    const err = await golemRejection(
      createStreamWithPermit(chain.requestor, {
        address: chain.streamPayment,
        recipient: chain.provider.account.address,
        deposit: parseEther("1"),
        ratePerSecond: 1n,
        serviceId,
        deadline: now - 10n,
        token: chain.glm,
      }),
    );
    expect(err.code).toBe("PERMIT_FAILED");
    expect(err.details).toMatchObject({
      function: "createStreamWithPermit",
      owner: getAddress(chain.requestor.account.address),
      deposit: parseEther("1").toString(),
    });
  });

  test("stream arguments are still checked: a zero rate is RATE_ZERO", async () => {
    const err = await golemRejection(
      createStreamWithPermit(chain.requestor, {
        address: chain.streamPayment,
        recipient: chain.provider.account.address,
        deposit: 1n,
        ratePerSecond: 0n,
        serviceId,
      }),
    );
    expect(err.code).toBe("RATE_ZERO");
  });
});
