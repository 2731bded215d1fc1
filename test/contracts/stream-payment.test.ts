import { glmAbi, streamPaymentAbi } from "@vm-on-golem/sdk/contract";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";
import {
  getAddress,
  getContract,
  type Hash,
  keccak256,
  parseEther,
  parseEventLogs,
  toHex,
} from "viem";
import { describe, expect, it } from "vitest";
import { deployContracts } from "../../scripts/deploy.ts";
import { signPermit } from "./sign-permit.ts";

// One in-process Hardhat chain for this file; every test starts from the deployed fixture's snapshot.
const connection = await network.create();
const { viem, networkHelpers } = connection;
const publicClient = await viem.getPublicClient();

const DEPOSIT = parseEther("100");
const RATE = parseEther("0.01"); // per second: the deposit lasts 10,000 s
const SERVICE_ID = keccak256(toHex("offer #1"));

async function deployed(fixtureConnection: NetworkConnection) {
  const deployment = await deployContracts(fixtureConnection);
  const [, requestor, provider, stranger] = await viem.getWalletClients();
  if (requestor === undefined || provider === undefined || stranger === undefined) {
    throw new Error("the Hardhat network has fewer than 4 accounts");
  }
  const address = deployment.contracts.StreamPayment.address;
  const glmAddress = deployment.contracts.GLM.address;
  const contractsOf = (wallet: typeof requestor) => ({
    streamPayment: getContract({
      address,
      abi: streamPaymentAbi,
      client: { public: publicClient, wallet },
    }),
    glm: getContract({
      address: glmAddress,
      abi: glmAbi,
      client: { public: publicClient, wallet },
    }),
  });
  return {
    deployment,
    requestor: { wallet: requestor, ...contractsOf(requestor) },
    provider: { wallet: provider, ...contractsOf(provider) },
    stranger: { wallet: stranger, ...contractsOf(stranger) },
  };
}

/** Mines `hash` (sent after `setNextBlockTimestamp`) and returns its receipt, failing on a revert. */
async function mined(hash: Hash) {
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  expect(receipt.status).toBe("success");
  return receipt;
}

/** Sends the next transaction at exactly `timestamp` (s). */
async function at(timestamp: bigint): Promise<void> {
  await networkHelpers.time.setNextBlockTimestamp(timestamp);
}

describe("StreamPayment on a Hardhat chain", () => {
  it("runs a rental: faucet → permit + createStreamWithPermit → withdraw → topUp → terminate", async () => {
    const { deployment, requestor, provider, stranger } =
      await networkHelpers.loadFixture(deployed);
    const { streamPayment, glm } = requestor;
    const spAddress = streamPayment.address;
    const alice = getAddress(requestor.wallet.account.address);
    const bob = getAddress(provider.wallet.account.address);

    await mined(await glm.write.faucet());
    expect(await glm.read.balanceOf([alice])).toBe(parseEther("1000"));

    // One signature (the permit) and one transaction open the stream.
    const t0 = BigInt(await networkHelpers.time.latest()) + 100n;
    const { v, r, s } = await signPermit({
      wallet: requestor.wallet,
      token: { address: glm.address, name: await glm.read.name(), chainId: deployment.chainId },
      spender: spAddress,
      value: DEPOSIT,
      nonce: await glm.read.nonces([alice]),
      deadline: t0 + 3600n,
    });
    await at(t0);
    const created = await mined(
      await streamPayment.write.createStreamWithPermit([
        bob,
        DEPOSIT,
        RATE,
        SERVICE_ID,
        0n,
        t0 + 3600n,
        v,
        r,
        s,
      ]),
    );
    const [createdEvent] = parseEventLogs({
      abi: streamPaymentAbi,
      eventName: "StreamCreated",
      logs: created.logs,
    });
    expect(createdEvent?.args).toEqual({
      streamId: 1n,
      sender: alice,
      recipient: bob,
      serviceId: SERVICE_ID,
      deposit: DEPOSIT,
      ratePerSecond: RATE,
    });
    const streamId = 1n;
    expect(await streamPayment.read.getStream([streamId])).toEqual({
      balance: DEPOSIT,
      ratePerSecond: RATE,
      lastUpdate: Number(t0),
      closed: false,
      recipient: bob,
      accrued: 0n,
      sender: alice,
      topUpBudget: 0n,
      serviceId: SERVICE_ID,
    });
    expect(await glm.read.balanceOf([alice])).toBe(parseEther("900"));
    expect(await glm.read.balanceOf([spAddress])).toBe(DEPOSIT);
    expect(await glm.read.allowance([alice, spAddress])).toBe(0n);
    expect(await glm.read.nonces([alice])).toBe(1n);
    expect(await streamPayment.read.depletionTimeOf([streamId])).toBe(t0 + 10_000n);
    expect(await streamPayment.read.isActive([streamId])).toBe(true);

    // 1000 s later anyone may trigger the payout; it goes to the provider.
    await at(t0 + 1000n);
    const withdrawn = await mined(await stranger.streamPayment.write.withdraw([streamId]));
    const [withdrawnEvent] = parseEventLogs({
      abi: streamPaymentAbi,
      eventName: "StreamWithdrawn",
      logs: withdrawn.logs,
    });
    expect(withdrawnEvent?.args).toEqual({
      streamId,
      recipient: bob,
      caller: getAddress(stranger.wallet.account.address),
      amount: parseEther("10"),
    });
    expect(await glm.read.balanceOf([bob])).toBe(parseEther("10"));
    expect(await glm.read.balanceOf([stranger.wallet.account.address])).toBe(0n);

    // Top up 50 while still funded: runway extends, accrual continues.
    await at(t0 + 2999n);
    await mined(await glm.write.approve([spAddress, parseEther("50")]));
    await at(t0 + 3000n);
    await mined(await streamPayment.write.topUp([streamId, parseEther("50")]));
    expect(await glm.read.balanceOf([alice])).toBe(parseEther("850"));
    expect(await streamPayment.read.depletionTimeOf([streamId])).toBe(t0 + 15_000n);

    // The requestor leaves at t0 + 5000: 4000 s since the withdrawal accrued 40 to bob, the rest is refunded.
    await at(t0 + 5000n);
    const terminated = await mined(await streamPayment.write.terminate([streamId]));
    const [terminatedEvent] = parseEventLogs({
      abi: streamPaymentAbi,
      eventName: "StreamTerminated",
      logs: terminated.logs,
    });
    expect(terminatedEvent?.args).toEqual({
      streamId,
      sender: alice,
      recipient: bob,
      caller: alice,
      paidToRecipient: parseEther("40"),
      refundedToSender: parseEther("100"),
    });
    expect(await glm.read.balanceOf([bob])).toBe(parseEther("50"));
    expect(await glm.read.balanceOf([alice])).toBe(parseEther("950"));
    expect(await glm.read.balanceOf([spAddress])).toBe(0n);
    const closed = await streamPayment.read.getStream([streamId]);
    expect(closed.closed).toBe(true);
    expect(closed.lastUpdate).toBe(Number(t0 + 5000n));
    expect(await streamPayment.read.isActive([streamId])).toBe(false);
  });

  it("opens a stream with approve + createStream and never pays the time it ran dry", async () => {
    const { requestor, provider } = await networkHelpers.loadFixture(deployed);
    const { streamPayment, glm } = requestor;
    const alice = getAddress(requestor.wallet.account.address);
    const bob = getAddress(provider.wallet.account.address);
    await mined(await glm.write.faucet());

    const t0 = BigInt(await networkHelpers.time.latest()) + 10n;
    await at(t0);
    await mined(await glm.write.approve([streamPayment.address, DEPOSIT]));
    await at(t0 + 1n);
    await mined(await streamPayment.write.createStream([bob, DEPOSIT, RATE, SERVICE_ID]));
    expect(await glm.read.balanceOf([alice])).toBe(parseEther("900"));

    // Dry at t0 + 10,001; topped up 5,000 s later: accrual restarts at the top-up.
    await at(t0 + 15_000n);
    await mined(await glm.write.approve([streamPayment.address, parseEther("20")]));
    await at(t0 + 15_001n);
    await mined(await streamPayment.write.topUp([1n, parseEther("20")]));
    expect(await streamPayment.read.getStream([1n])).toMatchObject({
      balance: parseEther("20"),
      accrued: DEPOSIT,
      lastUpdate: Number(t0 + 15_001n),
    });
    expect(await streamPayment.read.depletionTimeOf([1n])).toBe(t0 + 17_001n);

    await at(t0 + 16_001n);
    await mined(await provider.streamPayment.write.withdraw([1n]));
    expect(await glm.read.balanceOf([bob])).toBe(DEPOSIT + parseEther("10"));
    expect(await streamPayment.read.refundableOf([1n])).toBe(parseEther("10"));
  });

  it("rejects a stranger's terminate with StreamPayment_Unauthorized", async () => {
    const { requestor, provider, stranger } = await networkHelpers.loadFixture(deployed);
    await mined(await requestor.glm.write.faucet());
    await mined(await requestor.glm.write.approve([requestor.streamPayment.address, DEPOSIT]));
    await mined(
      await requestor.streamPayment.write.createStream([
        provider.wallet.account.address,
        DEPOSIT,
        RATE,
        SERVICE_ID,
      ]),
    );
    await expect(stranger.streamPayment.write.terminate([1n])).rejects.toThrow(
      /StreamPayment_Unauthorized/,
    );
    await expect(requestor.streamPayment.read.getStream([2n])).rejects.toThrow(
      /StreamPayment_StreamNotFound/,
    );
  });

  it("limits the faucet to one mint per address per hour", async () => {
    const { requestor } = await networkHelpers.loadFixture(deployed);
    await mined(await requestor.glm.write.faucet());
    await expect(requestor.glm.write.faucet()).rejects.toThrow(/TestGLM_FaucetCooldown/);
    await networkHelpers.time.increase(3600);
    await mined(await requestor.glm.write.faucet());
    expect(await requestor.glm.read.balanceOf([requestor.wallet.account.address])).toBe(
      parseEther("2000"),
    );
  });
});
