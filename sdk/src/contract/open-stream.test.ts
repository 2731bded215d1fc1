import { type Address, getAddress, keccak256, maxUint256, parseAbi, parseEther, toHex } from "viem";
import { readContract } from "viem/actions";
import { beforeAll, describe, expect, test } from "vitest";
import { createTestChain, type TestChain } from "../../test-support/create-test-chain.ts";
import {
  detectPermitFlavour,
  type PermitFlavour,
  probePermitFlavour,
} from "./detect-permit-flavour.ts";
import { getStream } from "./get-stream.ts";
import { openStream } from "./open-stream.ts";
import { requestGlmFromFaucet } from "./request-glm-from-faucet.ts";

// Real contracts on an in-process Hardhat chain: the three tokens users meet, each with its own
// StreamPayment. TestGLM (OpenZeppelin EIP-2612), TestGolemNetworkToken (mainnet GLM's interface:
// DAI-style permit, no EIP-5267) and TestPlainToken (an OpenZeppelin ERC-20 with no permit, like
// GLM on Polygon PoS).
const tokens = [
  { contract: "TestGLM", flavour: "eip2612", transactions: 1, allowanceAfter: 0n },
  {
    contract: "TestGolemNetworkToken",
    flavour: "dai",
    transactions: 1,
    allowanceAfter: maxUint256,
  },
  { contract: "TestPlainToken", flavour: "none", transactions: 2, allowanceAfter: 0n },
] as const;

const erc20 = parseAbi([
  "function allowance(address owner, address spender) view returns (uint256)",
  "function balanceOf(address account) view returns (uint256)",
]);

let chain: TestChain;
const deployed = new Map<string, { token: Address; streamPayment: Address }>();

beforeAll(async () => {
  chain = await createTestChain();
  const { viem } = chain.connection;
  for (const { contract } of tokens) {
    const token = await viem.deployContract(contract);
    const streamPayment = await viem.deployContract("StreamPayment", [token.address]);
    await requestGlmFromFaucet(chain.requestor, { token: token.address });
    deployed.set(contract, { token: token.address, streamPayment: streamPayment.address });
  }
}, 120_000);

describe.each(tokens)("$contract", ({ contract, flavour, transactions, allowanceAfter }) => {
  const at = () => {
    const found = deployed.get(contract);
    if (!found) throw new Error(`${contract} was not deployed`);
    return found;
  };

  test(`speaks ${flavour}`, async () => {
    expect(await detectPermitFlavour(chain.publicClient, { token: at().token })).toBe(
      flavour satisfies PermitFlavour,
    );
  });

  test(`speaks ${flavour} to eth_call probes too (tokens behind a proxy)`, async () => {
    expect(await probePermitFlavour(chain.publicClient, { token: at().token })).toBe(flavour);
  });

  test(`opens a stream in ${transactions} transaction(s), the quote's method`, async () => {
    const { token, streamPayment } = at();
    const sender = chain.requestor.account.address;
    const deposit = parseEther("3");
    const nonceBefore = await chain.publicClient.getTransactionCount({ address: sender });
    const balanceBefore = await readContract(chain.publicClient, {
      address: token,
      abi: erc20,
      functionName: "balanceOf",
      args: [sender],
    });

    const opened = await openStream(chain.requestor, {
      address: streamPayment,
      recipient: chain.provider.account.address,
      deposit,
      ratePerSecond: 1000n,
      serviceId: keccak256(toHex(`offer-${contract}`)),
    });

    expect(opened.method.flavour).toBe(flavour);
    expect(opened.method.transactions).toBe(transactions);
    expect(opened.approveHash === undefined).toBe(transactions === 1);
    expect(await chain.publicClient.getTransactionCount({ address: sender })).toBe(
      nonceBefore + transactions,
    );
    expect(
      await getStream(chain.publicClient, { address: streamPayment, streamId: opened.streamId }),
    ).toMatchObject({ sender: getAddress(sender), balance: deposit, ratePerSecond: 1000n });
    expect(
      await readContract(chain.publicClient, {
        address: token,
        abi: erc20,
        functionName: "balanceOf",
        args: [sender],
      }),
    ).toBe(balanceBefore - deposit);
    expect(
      await readContract(chain.publicClient, {
        address: token,
        abi: erc20,
        functionName: "allowance",
        args: [sender, streamPayment],
      }),
    ).toBe(allowanceAfter);
  });
});

test("a second stream on the DAI-style token needs no new permit: the unlimited allowance stays", async () => {
  const found = deployed.get("TestGolemNetworkToken");
  if (!found) throw new Error("TestGolemNetworkToken was not deployed");
  const nonces = parseAbi(["function nonces(address) view returns (uint256)"]);
  const sender = chain.requestor.account.address;
  const permitNonce = () =>
    readContract(chain.publicClient, {
      address: found.token,
      abi: nonces,
      functionName: "nonces",
      args: [sender],
    });
  const before = await permitNonce();
  const txBefore = await chain.publicClient.getTransactionCount({ address: sender });
  const opened = await openStream(chain.requestor, {
    address: found.streamPayment,
    recipient: chain.provider.account.address,
    deposit: parseEther("1"),
    ratePerSecond: 1000n,
    serviceId: keccak256(toHex("offer-dai-again")),
  });
  expect(opened.approveHash).toBeUndefined();
  expect(await chain.publicClient.getTransactionCount({ address: sender })).toBe(txBefore + 1);
  expect(await permitNonce()).toBe(before);
});

test("the quote's words: one or two transactions, and the DAI-style allowance is unlimited", async () => {
  const { paymentMethod } = await import("./payment-method.ts");
  expect(paymentMethod("eip2612").text).toMatch(/^one transaction/);
  expect(paymentMethod("dai").text).toMatch(/^one transaction.*unlimited allowance/);
  expect(paymentMethod("none").text).toMatch(/^two transactions/);
});
