import { getAddress, keccak256, toHex } from "viem";
import { beforeAll, expect, test } from "vitest";
import { createTestChain, type TestChain } from "../../test-support/create-test-chain.ts";
import { createStream } from "../contract/create-stream.ts";
import { requestGlmFromFaucet } from "../contract/request-glm-from-faucet.ts";
import { terminate } from "../contract/terminate.ts";
import { topUp } from "../contract/top-up.ts";
import { withdraw } from "../contract/withdraw.ts";
import { golemRejection } from "../errors/golem-rejection.ts";
import { createLogStreamsReader } from "./create-log-streams-reader.ts";

let chain: TestChain;

beforeAll(async () => {
  chain = await createTestChain();
  await requestGlmFromFaucet(chain.requestor, { token: chain.glm });
}, 60_000);

const reader = () =>
  createLogStreamsReader(chain.publicClient, {
    address: chain.streamPayment,
    fromBlock: chain.deployment.contracts.StreamPayment.deployBlock,
  });

test("a fresh deployment has no streams", async () => {
  await expect(reader().listStreams()).resolves.toEqual([]);
});

test("folds created, topped up, withdrawn and terminated events into records", async () => {
  const address = chain.streamPayment;
  // Hardhat's accounts are lowercase; records carry checksummed addresses.
  const recipient = getAddress(chain.provider.account.address);
  const open = (deposit: bigint, tag: string) =>
    createStream(chain.requestor, {
      address,
      recipient,
      deposit,
      ratePerSecond: 10n,
      serviceId: keccak256(toHex(tag)),
    });
  const first = await open(10_000n, "first");
  const second = await open(5_000n, "second");
  await topUp(chain.requestor, { address, streamId: first.streamId, amount: 2_000n });
  await chain.time.increase(100);
  const paid = await withdraw(chain.stranger, { address, streamId: first.streamId });
  const closed = await terminate(chain.provider, { address, streamId: second.streamId });
  const closedReceipt = await chain.publicClient.getTransactionReceipt({ hash: closed.hash });
  const closedBlock = await chain.publicClient.getBlock({ blockNumber: closedReceipt.blockNumber });
  const createdReceipt = await chain.publicClient.getTransactionReceipt({ hash: first.hash });
  const createdBlock = await chain.publicClient.getBlock({
    blockNumber: createdReceipt.blockNumber,
  });

  const streams = await reader().listStreams({ recipient });
  expect(streams.map((s) => s.streamId)).toEqual([first.streamId, second.streamId]);
  expect(streams[0]).toEqual({
    streamId: first.streamId,
    contract: getAddress(address),
    sender: getAddress(chain.requestor.account.address),
    recipient,
    serviceId: keccak256(toHex("first")),
    ratePerSecond: 10n,
    deposited: 12_000n,
    withdrawn: paid.amount,
    refunded: 0n,
    status: "active",
    createdAt: createdBlock.timestamp,
    createdAtBlock: createdReceipt.blockNumber,
    createdTx: first.hash,
    terminatedAt: undefined,
  });
  expect(paid.amount).toBeGreaterThan(0n);
  expect(streams[1]).toMatchObject({
    deposited: 5_000n,
    withdrawn: closed.paidToRecipient,
    refunded: closed.refundedToSender,
    status: "terminated",
    terminatedAt: closedBlock.timestamp,
  });
  expect(closed.paidToRecipient + closed.refundedToSender).toBe(5_000n);
});

test("filters by sender and recipient through the indexed topics", async () => {
  const r = reader();
  const bySender = await r.listStreams({ sender: chain.requestor.account.address });
  expect(bySender.length).toBeGreaterThanOrEqual(2);
  await expect(r.listStreams({ sender: chain.provider.account.address })).resolves.toEqual([]);
  await expect(r.listStreams({ recipient: chain.stranger.account.address })).resolves.toEqual([]);
});

test("an unreachable RPC is CHAIN_UNREACHABLE", async () => {
  const { createPublicClient, http } = await import("viem");
  const client = createPublicClient({ transport: http("http://127.0.0.1:9", { retryCount: 0 }) });
  const err = await golemRejection(
    createLogStreamsReader(client, { address: chain.streamPayment, fromBlock: 0n }).listStreams(),
  );
  expect(err.code).toBe("CHAIN_UNREACHABLE");
});
