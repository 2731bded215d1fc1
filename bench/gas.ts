/**
 * Gas per StreamPayment call, measured as the full transaction's gasUsed on the in-process Hardhat network.
 * Prints a table, then as its last line one JSON object with the headline numbers.
 *
 * The headline numbers are those of a typical call, not of a chain's first one: the contract already holds other
 * streams' tokens, the sender keeps tokens after paying, and the recipient already holds tokens (a provider that
 * was paid before). Approvals are exact (`approve(amount)` right before the call, as a wallet asks for); the
 * max-approval top-up is printed next to it. Writing a zero token balance costs ~17k more; those first-time rows
 * are printed for reference.
 *
 * @example node bench/gas.ts
 */

import {
  glmAbi,
  signDaiPermit,
  streamPaymentAbi,
  streamPaymentNativeAbi,
} from "@vm-on-golem/sdk/contract";
import { network } from "hardhat";
import { type Address, getContract, type Hash, maxUint256, parseEther, zeroAddress } from "viem";
import { deployContracts } from "../scripts/deploy.ts";
import { buildContracts } from "../scripts/lib/build-contracts.ts";
import { signPermit } from "../test/contracts/sign-permit.ts";

await buildContracts({ log: (line) => console.error(line) });
const connection = await network.create();
const { viem, networkHelpers } = connection;
const publicClient = await viem.getPublicClient();
const wallets = await viem.getWalletClients();
function wallet(index: number): NonNullable<(typeof wallets)[number]> {
  const found = wallets[index];
  if (found === undefined) throw new Error(`the Hardhat network has no account #${index}`);
  return found;
}
const sender = wallet(1);
const recipient = wallet(2);
const firstTimeRecipient = wallet(3);
const deployment = await deployContracts(connection);
const streamPaymentAddress = deployment.contracts.StreamPayment.address;
const glmAddress = deployment.contracts.GLM.address;
const streamPayment = getContract({
  address: streamPaymentAddress,
  abi: streamPaymentAbi,
  client: { public: publicClient, wallet: sender },
});
const glm = getContract({
  address: glmAddress,
  abi: glmAbi,
  client: { public: publicClient, wallet: sender },
});

const deposit = parseEther("10");
const rate = parseEther("0.001");
const serviceId = `0x${"ab".repeat(32)}` as const;

/** Waits for `hash` and returns its receipt's gasUsed. */
async function gasOf(hash: Hash): Promise<number> {
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error(`transaction ${hash} reverted`);
  return Number(receipt.gasUsed);
}

async function approve(amount: bigint): Promise<void> {
  await gasOf(await glm.write.approve([streamPaymentAddress, amount]));
}

async function createStream(to: Address): Promise<number> {
  await approve(deposit);
  return gasOf(await streamPayment.write.createStream([to, deposit, rate, serviceId]));
}

const rows: { call: string; gasUsed: number; setup: string }[] = [];

await gasOf(await glm.write.faucet());
await gasOf(await glm.write.faucetTo([recipient.account.address]));

rows.push({
  call: "createStream",
  gasUsed: await createStream(recipient.account.address),
  setup: "first stream ever (contract's token balance 0 → non-zero)",
});
const createGas = await createStream(recipient.account.address); // stream 2
rows.push({ call: "createStream", gasUsed: createGas, setup: "typical, exact approval" });

const glmName = await glm.read.name();
async function createStreamWithPermit(): Promise<number> {
  const deadline = (await publicClient.getBlock()).timestamp + 3600n;
  const { v, r, s } = await signPermit({
    wallet: sender,
    token: { address: glmAddress, name: glmName, chainId: deployment.chainId },
    spender: streamPaymentAddress,
    value: deposit,
    nonce: await glm.read.nonces([sender.account.address]),
    deadline,
  });
  return gasOf(
    await streamPayment.write.createStreamWithPermit([
      recipient.account.address,
      deposit,
      rate,
      serviceId,
      0n,
      deadline,
      v,
      r,
      s,
    ]),
  );
}
rows.push({
  call: "createStreamWithPermit",
  gasUsed: await createStreamWithPermit(), // stream 3
  setup: "sender's first permit (nonce 0 → 1)",
});
const permitGas = await createStreamWithPermit(); // stream 4
rows.push({
  call: "createStreamWithPermit",
  gasUsed: permitGas,
  setup: "typical: a later permit (nonce 1 → 2)",
});

await networkHelpers.time.increase(600);
await approve(deposit);
const topUpGas = await gasOf(await streamPayment.write.topUp([2n, deposit]));
rows.push({
  call: "topUp",
  gasUsed: topUpGas,
  setup: "funded stream, exact approval (allowance → 0)",
});
await approve(maxUint256);
const topUpMaxGas = await gasOf(await streamPayment.write.topUp([2n, deposit]));
rows.push({
  call: "topUp",
  gasUsed: topUpMaxGas,
  setup: "funded stream, max approval (allowance untouched)",
});
await approve(0n);

await networkHelpers.time.increase(600);
const withdrawGas = await gasOf(await streamPayment.write.withdraw([2n]));
rows.push({
  call: "withdraw",
  gasUsed: withdrawGas,
  setup: "typical: recipient already holds tokens",
});

await networkHelpers.time.increase(600);
rows.push({
  call: "withdrawMany",
  gasUsed: await gasOf(await streamPayment.write.withdrawMany([[1n, 2n, 3n]])),
  setup: "3 streams of one recipient (one transfer)",
});

await networkHelpers.time.increase(600);
const terminateGas = await gasOf(await streamPayment.write.terminate([2n]));
rows.push({ call: "terminate", gasUsed: terminateGas, setup: "pays recipient and refunds sender" });

// Stream 1 (10 tGLM at 0.001/s) ran dry after 10,000 s: the top-up settles it and restarts accrual.
await networkHelpers.time.increase(20_000);
await approve(deposit);
rows.push({
  call: "topUp",
  gasUsed: await gasOf(await streamPayment.write.topUp([1n, deposit])),
  setup: "dry stream (settles accrual), exact approval",
});

await createStream(firstTimeRecipient.account.address); // stream 5
await networkHelpers.time.increase(600);
rows.push({
  call: "withdraw",
  gasUsed: await gasOf(await streamPayment.write.withdraw([5n])),
  setup: "recipient's first tokens ever (balance 0 → non-zero)",
});

// ---- budgets (ERC-20): a stream created with a top-up budget, topped up from it by someone else ----
const budget = parseEther("20");
await approve(deposit + budget);
const createWithBudgetGas = await gasOf(
  await streamPayment.write.createStreamWithBudget([
    recipient.account.address,
    deposit,
    rate,
    serviceId,
    budget,
  ]),
); // stream 6
rows.push({
  call: "createStreamWithBudget",
  gasUsed: createWithBudgetGas,
  setup: `typical, approval of deposit + budget (+${createWithBudgetGas - createGas} over createStream)`,
});
await networkHelpers.time.increase(600);
const streamPaymentAsRecipient = getContract({
  address: streamPaymentAddress,
  abi: streamPaymentAbi,
  client: { public: publicClient, wallet: recipient },
});
const topUpFromBudgetGas = await gasOf(
  await streamPaymentAsRecipient.write.topUpFromBudget([6n, deposit]),
);
rows.push({
  call: "topUpFromBudget",
  gasUsed: topUpFromBudgetGas,
  setup: "funded stream, called by the recipient (allowance → budget left)",
});
// The budget's own cost: a createStream that also leaves an allowance behind, as a budget does (an
// exact approval that the call clears earns a refund that no stream with a budget can get).
await approve(deposit + budget);
const createAllowanceLeftGas = await gasOf(
  await streamPayment.write.createStream([recipient.account.address, deposit, rate, serviceId]),
); // stream 7
rows.push({
  call: "createStream",
  gasUsed: createAllowanceLeftGas,
  setup: "approval of deposit + budget, no budget (allowance left, as with a budget)",
});
await approve(0n);

// ---- DAI-style permit (mainnet GLM's interface): TestGolemNetworkToken's StreamPayment ----
const glmLikeDeployment = deployment.streamPayments[1];
if (glmLikeDeployment === undefined)
  throw new Error("the deployment has no GLM-like StreamPayment");
const glmLikeToken = getContract({
  address: glmLikeDeployment.token.address,
  abi: glmAbi,
  client: { public: publicClient, wallet: sender },
});
await gasOf(await glmLikeToken.write.faucet());
const streamPaymentGlmLike = getContract({
  address: glmLikeDeployment.address,
  abi: streamPaymentAbi,
  client: { public: publicClient, wallet: sender },
});
async function createStreamWithDaiPermit(): Promise<number> {
  const expiry = (await publicClient.getBlock()).timestamp + 3600n;
  const permit = await signDaiPermit(sender, {
    token: glmLikeDeployment?.token.address ?? zeroAddress,
    spender: streamPaymentGlmLike.address,
    expiry,
  });
  return gasOf(
    await streamPaymentGlmLike.write.createStreamWithDaiPermit([
      recipient.account.address,
      deposit,
      rate,
      serviceId,
      0n,
      permit.nonce,
      permit.expiry,
      permit.v,
      permit.r,
      permit.s,
    ]),
  );
}
rows.push({
  call: "createStreamWithDaiPermit",
  gasUsed: await createStreamWithDaiPermit(),
  setup: "first permit and first stream of this contract (allowance 0 → unlimited)",
});
const daiPermitGas = await createStreamWithDaiPermit();
rows.push({
  call: "createStreamWithDaiPermit",
  gasUsed: daiPermitGas,
  setup: "typical: a later permit (nonce 1 → 2, allowance stays unlimited)",
});

// A budget on a token whose allowance is unlimited (what GLM's DAI-style permit leaves): the token
// does not write the allowance, so the budget top-up is cheaper than with an exact approval.
await gasOf(await streamPaymentGlmLike.write.setTopUpBudget([2n, budget]));
await networkHelpers.time.increase(600);
const topUpFromBudgetUnlimitedGas = await gasOf(
  await getContract({
    address: streamPaymentGlmLike.address,
    abi: streamPaymentAbi,
    client: { public: publicClient, wallet: recipient },
  }).write.topUpFromBudget([2n, deposit]),
);
rows.push({
  call: "topUpFromBudget",
  gasUsed: topUpFromBudgetUnlimitedGas,
  setup: "funded stream, unlimited allowance (GLM's DAI-style permit), by the recipient",
});

// ---- native ETH: StreamPaymentNative, msg.value in, ETH out ----
const nativeAddress = (await viem.deployContract("StreamPaymentNative")).address;
const native = getContract({
  address: nativeAddress,
  abi: streamPaymentNativeAbi,
  client: { public: publicClient, wallet: sender },
});
const nativeAsRecipient = getContract({
  address: nativeAddress,
  abi: streamPaymentNativeAbi,
  client: { public: publicClient, wallet: recipient },
});
const nativeCreate = () =>
  native.write.createStream([recipient.account.address, deposit, rate, serviceId], {
    value: deposit,
  });
rows.push({
  call: "native createStream",
  gasUsed: await gasOf(await nativeCreate()),
  setup:
    "first stream of a fresh deployment (nextStreamId is stored from the deploy on: same cost)",
});
const nativeCreateGas = await gasOf(await nativeCreate()); // native stream 2
rows.push({ call: "native createStream", gasUsed: nativeCreateGas, setup: "typical" });
await networkHelpers.time.increase(600);
const nativeTopUpGas = await gasOf(await native.write.topUp([2n, deposit], { value: deposit }));
rows.push({ call: "native topUp", gasUsed: nativeTopUpGas, setup: "funded stream" });
await networkHelpers.time.increase(600);
const nativeWithdrawGas = await gasOf(await nativeAsRecipient.write.withdraw([2n]));
rows.push({
  call: "native withdraw",
  gasUsed: nativeWithdrawGas,
  setup: "EOA recipient, called by the recipient",
});
await networkHelpers.time.increase(600);
const nativeTerminateGas = await gasOf(await native.write.terminate([2n]));
rows.push({
  call: "native terminate",
  gasUsed: nativeTerminateGas,
  setup: "pays the EOA recipient and refunds the EOA sender",
});

console.table(rows);
const targets: [call: string, gas: number, target: number, what?: string][] = [
  ["native createStream", nativeCreateGas, 110_000],
  ["native topUp", nativeTopUpGas, 40_000],
  ["native withdraw", nativeWithdrawGas, 45_000],
  ["native terminate", nativeTerminateGas, 55_000],
  [
    "createStreamWithBudget",
    createWithBudgetGas - createAllowanceLeftGas,
    25_000,
    "added over createStream leaving the same allowance",
  ],
  ["topUpFromBudget", topUpFromBudgetUnlimitedGas, 55_000, "(GLM: unlimited allowance)"],
];
for (const [call, gas, target, what] of targets) {
  const verdict = gas <= target ? "meets" : "MISSES";
  console.log(`${call}: ${gas}${what ? ` ${what}` : ""} ${verdict} the target ≤ ${target}`);
}
// For reference, no target: what a wallet that approves exactly pays on top.
console.log(
  `createStreamWithBudget: +${createWithBudgetGas - createGas} over createStream with an exact approval (which clears the allowance for a refund); topUpFromBudget with an exact allowance (the budget left in it): ${topUpFromBudgetGas}`,
);
console.log(
  JSON.stringify({
    createStream: createGas,
    createStreamWithPermit: permitGas,
    createStreamWithDaiPermit: daiPermitGas,
    topUp: topUpGas,
    withdraw: withdrawGas,
    terminate: terminateGas,
    createStreamWithBudget: createWithBudgetGas,
    createStreamAllowanceLeft: createAllowanceLeftGas,
    topUpFromBudget: topUpFromBudgetGas,
    topUpFromBudgetUnlimitedAllowance: topUpFromBudgetUnlimitedGas,
    nativeCreateStream: nativeCreateGas,
    nativeTopUp: nativeTopUpGas,
    nativeWithdraw: nativeWithdrawGas,
    nativeTerminate: nativeTerminateGas,
  }),
);
