import { getAddress, parseEther } from "viem";
import { readContract, simulateContract } from "viem/actions";
import { beforeAll, describe, expect, test } from "vitest";
import { createTestChain, type TestChain } from "../../test-support/create-test-chain.ts";
import { glmAbi } from "../abi/glm-abi.generated.ts";
import { golemErrorFromContractError } from "../errors/golem-error-from-contract-error.ts";
import { golemRejection } from "../errors/golem-rejection.ts";
import { readPermitDomain, signPermit } from "./sign-permit.ts";

let chain: TestChain;
let now: bigint;

beforeAll(async () => {
  chain = await createTestChain();
  now = (await chain.publicClient.getBlock()).timestamp;
}, 60_000);

/** Submits a permit to the token directly, from the stranger (anyone may relay a permit). */
function submitPermit(
  owner: `0x${string}`,
  value: bigint,
  p: Awaited<ReturnType<typeof signPermit>>,
) {
  return simulateContract(chain.stranger, {
    address: chain.glm,
    abi: glmAbi,
    functionName: "permit",
    args: [owner, chain.streamPayment, value, p.deadline, p.v, p.r, p.s],
    account: chain.stranger.account,
  }).then(({ request }) => chain.stranger.writeContract(request));
}

describe("readPermitDomain", () => {
  test("reads the token's EIP-712 domain (EIP-5267)", async () => {
    expect(await readPermitDomain(chain.publicClient, chain.glm)).toEqual({
      name: "Test GLM",
      version: "1",
      chainId: 31337n,
      verifyingContract: getAddress(chain.glm),
    });
  });
});

describe("signPermit", () => {
  test("signs a permit the token accepts, with the account's current nonce", async () => {
    const owner = chain.requestor.account.address;
    const value = parseEther("3");
    const permit = await signPermit(chain.requestor, {
      token: chain.glm,
      spender: chain.streamPayment,
      value,
      deadline: now + 600n,
    });
    expect(permit.nonce).toBe(0n);
    await submitPermit(owner, value, permit);
    const allowance = await readContract(chain.publicClient, {
      address: chain.glm,
      abi: glmAbi,
      functionName: "allowance",
      args: [owner, chain.streamPayment],
    });
    expect(allowance).toBe(value);
    const next = await signPermit(chain.requestor, {
      token: chain.glm,
      spender: chain.streamPayment,
      value,
      deadline: now + 600n,
    });
    expect(next.nonce).toBe(1n);
  });

  test("a permit submitted for another owner reverts as PERMIT_INVALID_SIGNER", async () => {
    const permit = await signPermit(chain.provider, {
      token: chain.glm,
      spender: chain.streamPayment,
      value: 1n,
      deadline: now + 600n,
    });
    const err = golemErrorFromContractError(
      await submitPermit(chain.requestor.account.address, 1n, permit).catch((e: unknown) => e),
    );
    expect(err.code).toBe("PERMIT_INVALID_SIGNER");
    expect(err.details).toMatchObject({
      function: "permit",
      owner: getAddress(chain.requestor.account.address),
    });
  });

  test("an expired permit reverts as PERMIT_EXPIRED", async () => {
    const permit = await signPermit(chain.provider, {
      token: chain.glm,
      spender: chain.streamPayment,
      value: 1n,
      deadline: now - 1n,
    });
    const err = golemErrorFromContractError(
      await submitPermit(chain.provider.account.address, 1n, permit).catch((e: unknown) => e),
    );
    expect(err.code).toBe("PERMIT_EXPIRED");
    expect(err.message).toBe(`the permit expired at ${now - 1n} (unix seconds)`);
  });

  test("a contract without permit support is CONTRACT_REVERTED", async () => {
    const err = await golemRejection(
      signPermit(chain.requestor, {
        token: chain.streamPayment, // not a token at all
        spender: chain.streamPayment,
        value: 1n,
        deadline: now + 600n,
      }),
    );
    expect(err.code).toBe("CONTRACT_REVERTED");
  });
});
