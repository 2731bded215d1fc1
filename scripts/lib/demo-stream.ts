/**
 * The demo's payment part: one real stream lifecycle between a fresh requestor key and a
 * fresh provider key on a local chain (faucet, a stream opened with an EIP-2612 permit,
 * time passing, withdraw, top-up, terminate), printing balances at each step.
 *
 * @example await runStreamLifecycle({ chain, deployment, step: console.log });
 */

import { defineGolemChain } from "@vm-on-golem/sdk/chain/define-golem-chain";
import { createStreamWithPermit } from "@vm-on-golem/sdk/contract/create-stream-with-permit";
import { getGlmBalance } from "@vm-on-golem/sdk/contract/get-glm-balance";
import { getStreamState } from "@vm-on-golem/sdk/contract/get-stream-state";
import { requestGlmFromFaucet } from "@vm-on-golem/sdk/contract/request-glm-from-faucet";
import { terminate } from "@vm-on-golem/sdk/contract/terminate";
import { topUp } from "@vm-on-golem/sdk/contract/top-up";
import { withdraw } from "@vm-on-golem/sdk/contract/withdraw";
import { depositForDuration } from "@vm-on-golem/sdk/stream/deposit-for-duration";
import {
  type Address,
  createPublicClient,
  createTestClient,
  createWalletClient,
  formatUnits,
  http,
  keccak256,
  parseEther,
  stringToHex,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import type { Deployment } from "../deploy.ts";
import type { LocalChain } from "./local-chain.ts";

/** Parameters of {@link runStreamLifecycle}. */
export type RunStreamLifecycleParameters = {
  chain: Pick<LocalChain, "rpcUrl" | "chainId">;
  deployment: Deployment;
  /** Prints a step's title. */
  step: (title: string) => void;
};

/** Runs the lifecycle; resolves when the stream is terminated. */
export async function runStreamLifecycle(parameters: RunStreamLifecycleParameters): Promise<void> {
  const { chain, step } = parameters;
  const { StreamPayment, GLM } = parameters.deployment.contracts;
  const localChain = defineGolemChain({
    chainId: chain.chainId,
    rpcUrl: chain.rpcUrl,
    name: "Local",
  });
  const transport = http(chain.rpcUrl);
  const publicClient = createPublicClient({ chain: localChain, transport });
  const testClient = createTestClient({ mode: "hardhat", chain: localChain, transport });
  const passTime = async (seconds: number) => {
    await testClient.increaseTime({ seconds });
    await testClient.mine({ blocks: 1 });
  };
  // Fresh keys every run: the demo never uses a built-in key for anyone's money.
  const wallet = () =>
    createWalletClient({
      account: privateKeyToAccount(generatePrivateKey()),
      chain: localChain,
      transport,
    });
  const requestor = wallet();
  const provider = wallet();
  for (const w of [requestor, provider]) {
    // Gas money on the local chain only.
    await testClient.setBalance({ address: w.account.address, value: parseEther("10") });
  }
  const fmt = (v: bigint) => `${formatUnits(v, GLM.decimals)} ${GLM.symbol}`;
  const balances = async (label: string) => {
    const [r, p] = await Promise.all(
      [requestor, provider].map((w) =>
        getGlmBalance(publicClient, { token: GLM.address, owner: w.account.address as Address }),
      ),
    );
    console.log(
      `  ${label.padEnd(22)} requestor ${fmt(r ?? 0n).padStart(24)}   provider ${fmt(p ?? 0n).padStart(24)}`,
    );
  };

  step("requestor takes test GLM from the faucet");
  await requestGlmFromFaucet(requestor, { token: GLM.address });
  await balances("after faucet");

  step("requestor opens a stream with a permit: 1 signature + 1 transaction");
  const ratePerSecond = parseEther("0.01"); // 36 GLM an hour, to make the numbers visible
  const deposit = depositForDuration(ratePerSecond, 600n);
  const serviceId = keccak256(stringToHex("demo offer"));
  const { streamId } = await createStreamWithPermit(requestor, {
    address: StreamPayment.address,
    recipient: provider.account.address,
    deposit,
    ratePerSecond,
    serviceId,
  });
  console.log(`  stream #${streamId}: deposit ${fmt(deposit)}, rate ${fmt(ratePerSecond)}/s`);
  await balances("after createStream");

  step("120 seconds of service pass on the chain");
  await passTime(120);
  let state = await getStreamState(publicClient, { address: StreamPayment.address, streamId });
  console.log(`  withdrawable ${fmt(state.withdrawable)}, runway ${state.runwaySeconds} s`);

  step("provider withdraws what accrued");
  const w = await withdraw(provider, { address: StreamPayment.address, streamId });
  console.log(`  withdrew ${fmt(w.amount)}`);
  await balances("after withdraw");

  step("requestor tops up 5 more minutes");
  await topUp(requestor, {
    address: StreamPayment.address,
    streamId,
    amount: depositForDuration(ratePerSecond, 300n),
  });
  state = await getStreamState(publicClient, { address: StreamPayment.address, streamId });
  console.log(
    `  runway now ${state.runwaySeconds} s (depletes at ${new Date(Number(state.depletionTime) * 1000).toISOString()})`,
  );

  step("60 more seconds, then the requestor terminates the stream");
  await passTime(60);
  const t = await terminate(requestor, { address: StreamPayment.address, streamId });
  console.log(
    `  paid to provider ${fmt(t.paidToRecipient)}, refunded to requestor ${fmt(t.refundedToSender)}`,
  );
  await balances("after terminate");
}
