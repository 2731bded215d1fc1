import {
  createWalletClient,
  custom,
  type Hash,
  keccak256,
  parseEther,
  parseGwei,
  toHex,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { estimateContractGas, writeContract } from "viem/actions";
import { beforeEach, expect, test } from "vitest";
import { createTestChain, type TestChain } from "../../test-support/create-test-chain.ts";
import { streamPaymentAbi } from "../abi/stream-payment-abi.generated.ts";
import { createStream } from "./create-stream.ts";
import { ensureAllowance } from "./ensure-allowance.ts";
import { requestGlmFromFaucet } from "./request-glm-from-faucet.ts";
import { terminate } from "./terminate.ts";
import { gasWithMargin } from "./write-with-gas-margin.ts";

// Two requestors on one real Hardhat chain: Alice holds the only open stream; Bob opens one.
// Bob's gas is estimated while the contract holds Alice's tokens; Alice's terminate (a higher
// tip, so first in the block) empties the contract before Bob's create runs, and the create
// then writes the contract's token balance from zero.
let chain: TestChain;
const deposit = parseEther("1");
const rate = 10n ** 12n;
const serviceId = keccak256(toHex("race"));

beforeEach(async () => {
  chain = await createTestChain();
  await requestGlmFromFaucet(chain.requestor, { token: chain.glm });
  await requestGlmFromFaucet(chain.stranger, { token: chain.glm });
  // Bob approved earlier, so his create is one transaction.
  await ensureAllowance(chain.stranger, {
    token: chain.glm,
    spender: chain.streamPayment,
    amount: deposit,
  });
}, 60_000);

const alice = () => chain.requestor;
const bob = () => chain.stranger;
const createCall = () =>
  ({
    address: chain.streamPayment,
    abi: streamPaymentAbi,
    functionName: "createStream",
    args: [chain.provider.account.address, deposit, rate, serviceId],
    account: bob().account,
    chain: bob().chain,
  }) as const;

const setAutomine = (on: boolean) =>
  chain.connection.provider.request({ method: "evm_setAutomine", params: [on] });

/** Runs Bob's `open` against Alice's terminate of the last stream, both mined in one block. */
async function race<T>(open: () => Promise<T>) {
  const { streamId: last } = await createStream(alice(), {
    address: chain.streamPayment,
    recipient: chain.provider.account.address,
    deposit,
    ratePerSecond: rate,
    serviceId: keccak256(toHex("alice")),
  });
  const pendingNonce = () =>
    chain.publicClient.getTransactionCount({ address: bob().account.address, blockTag: "pending" });
  const nonce = await pendingNonce();
  await setAutomine(false);
  try {
    const opened = open();
    opened.catch(() => {});
    // Bob's transaction is in the pool (his gas estimated on the chain as it was) ...
    await expect.poll(pendingNonce, { timeout: 10_000, interval: 20 }).toBe(nonce + 1);
    // ... when Alice terminates the last open stream, paying more to go first.
    const terminateHash = await writeContract(alice(), {
      address: chain.streamPayment,
      abi: streamPaymentAbi,
      functionName: "terminate",
      args: [last],
      account: alice().account,
      chain: alice().chain,
      gas: 200_000n,
      maxFeePerGas: parseGwei("100"),
      maxPriorityFeePerGas: parseGwei("50"),
    });
    await chain.connection.provider.request({ method: "evm_mine", params: [] });
    const terminated = await chain.publicClient.getTransactionReceipt({ hash: terminateHash });
    expect(terminated.status).toBe("success");
    return { opened: await opened, terminated };
  } finally {
    await setAutomine(true);
  }
}

test("a create estimated while the contract held tokens succeeds after another user's terminate empties it", async () => {
  const { opened, terminated } = await race(() =>
    createStream(bob(), {
      address: chain.streamPayment,
      recipient: chain.provider.account.address,
      deposit,
      ratePerSecond: rate,
      serviceId,
      token: chain.glm,
    }),
  );
  const receipt = await chain.publicClient.getTransactionReceipt({ hash: opened.hash });
  expect(receipt.status).toBe("success");
  expect(receipt.blockNumber).toBe(terminated.blockNumber);
  expect(receipt.transactionIndex).toBeGreaterThan(terminated.transactionIndex);
});

test("the same race with the bare estimate (what viem sends by default) runs out of gas", async () => {
  let estimate = 0n;
  const { opened } = await race(async (): Promise<Hash> => {
    estimate = await estimateContractGas(bob(), createCall());
    return writeContract(bob(), { ...createCall(), gas: estimate });
  });
  const receipt = await chain.publicClient.getTransactionReceipt({ hash: opened });
  expect(receipt.status).toBe("reverted");
  // "Transaction reverted without a reason string": the token transfer ran out of its gas.
  expect(receipt.gasUsed).toBeGreaterThan((estimate * 99n) / 100n);
  // What the create costs on the emptied contract, against the estimate and the margin.
  const emptyEstimate = await estimateContractGas(bob(), createCall());
  expect(emptyEstimate).toBeGreaterThan(estimate);
  expect(gasWithMargin(estimate)).toBeGreaterThanOrEqual(emptyEstimate);
});

test("gasWithMargin adds a quarter, and never less than one zero-slot write", () => {
  expect(gasWithMargin(142_650n)).toBe(178_312n);
  expect(gasWithMargin(60_000n)).toBe(80_000n);
  // The measurement: the empty-contract cost fits under the margin of the full one.
  expect(gasWithMargin(142_650n)).toBeGreaterThan(160_374n);
});

test("writes sent at once from one key signed here all land (each takes its nonce after the last was sent)", async () => {
  // A local key, as the provider's and the CLI's are: the wallet fills in the nonce itself.
  const key = generatePrivateKey();
  await chain.networkHelpers.setBalance(privateKeyToAccount(key).address, parseEther("10"));
  const wallet = createWalletClient({
    account: privateKeyToAccount(key),
    chain: chain.publicClient.chain,
    transport: custom({ request: (args) => chain.publicClient.request(args as never) }),
  });
  await requestGlmFromFaucet(wallet, { token: chain.glm });
  const streams = [];
  for (const label of ["a", "b", "c", "d"]) {
    const opened = await createStream(wallet, {
      address: chain.streamPayment,
      recipient: chain.provider.account.address,
      deposit,
      ratePerSecond: rate,
      serviceId: keccak256(toHex(label)),
      token: chain.glm,
    });
    streams.push(opened.streamId);
  }
  const results = await Promise.all(
    streams.map((streamId) => terminate(wallet, { address: chain.streamPayment, streamId })),
  );
  expect(results.map((r) => r.refundedToSender > 0n)).toEqual([true, true, true, true]);
});
