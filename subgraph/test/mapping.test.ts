// The event handlers of src/mapping.ts as `graph build` compiled them (the wasm graph-node runs),
// driven in Node by a minimal graph-node host (test/wasm-host/: store, BigInt host functions,
// ethereum.Event built in the wasm's memory, entities validated against schema.graphql) with the
// real logs of real streams on an in-process Hardhat chain. Entities are compared with the
// contract's storage and views and with the token balances.
// Not graph-node itself: its Postgres store, GraphQL API, block ingestion and reorg handling are
// not exercised (see README, "Tests").
import { type Hash, keccak256, toHex } from "viem";
import { readContract } from "viem/actions";
import { beforeAll, describe, expect, test } from "vitest";
import { streamPaymentAbi } from "../../sdk/src/abi/stream-payment-abi.generated.ts";
import { createStream } from "../../sdk/src/contract/create-stream.ts";
import { getGlmBalance } from "../../sdk/src/contract/get-glm-balance.ts";
import { getStream } from "../../sdk/src/contract/get-stream.ts";
import { requestGlmFromFaucet } from "../../sdk/src/contract/request-glm-from-faucet.ts";
import { terminate } from "../../sdk/src/contract/terminate.ts";
import { topUp } from "../../sdk/src/contract/top-up.ts";
import { withdraw } from "../../sdk/src/contract/withdraw.ts";
import type { StreamId } from "../../sdk/src/stream/stream-id.ts";
import { createTestChain, type TestChain } from "../../sdk/test-support/create-test-chain.ts";
import { eventEntities, eventEntityId } from "./event-entities.ts";
import { type GraphHost, loadMapping } from "./wasm-host/graph-host.ts";
import { type IndexedLog, indexTransaction } from "./wasm-host/index-transaction.ts";
import { compiledMapping } from "./wasm-host/mapping-wasm.ts";

/** The bigint totals of Stream and Requestor entities read in the assertions. */
type Totals = Record<
  "deposited" | "withdrawn" | "refunded" | "streamCount" | "totalDeposited" | "totalRefunded",
  bigint
>;

describe("mapping wasm driven by a minimal graph-node host with real chain logs", () => {
  let chain: TestChain;
  let mapping: { wasm: Uint8Array; schema: string };
  let host: GraphHost;
  /** Every StreamPayment log fed to the mapping, with its block timestamp. */
  const fed: IndexedLog[] = [];

  beforeAll(async () => {
    mapping = compiledMapping();
    chain = await createTestChain();
    await requestGlmFromFaucet(chain.requestor, { token: chain.glm });
    await requestGlmFromFaucet(chain.stranger, { token: chain.glm });
    host = await loadMapping(mapping.wasm, mapping.schema);
  }, 180_000);

  /** Feeds a transaction's StreamPayment logs to `target`'s handlers; remembers those fed to `host`. */
  async function index(target: GraphHost, hash: Hash) {
    const logs = await indexTransaction(target, chain.publicClient, chain.streamPayment, hash);
    if (target === host) fed.push(...logs);
    return hash;
  }

  /** The Stream entity equals the contract's storage and views. */
  async function expectStreamInStep(streamId: StreamId) {
    const address = chain.streamPayment;
    const stored = await getStream(chain.publicClient, { address, streamId });
    const depletesAt = await readContract(chain.publicClient, {
      address,
      abi: streamPaymentAbi,
      functionName: "depletionTimeOf",
      args: [streamId],
    });
    expect(host.entity("Stream", streamId.toString())).toMatchObject({
      id: streamId.toString(),
      streamId,
      contract: address.toLowerCase(),
      sender: stored.sender.toLowerCase(),
      recipient: stored.recipient.toLowerCase(),
      serviceId: stored.serviceId,
      ratePerSecond: stored.ratePerSecond,
      balance: stored.balance,
      accrued: stored.accrued,
      lastUpdate: BigInt(stored.lastUpdate),
      status: stored.closed ? "TERMINATED" : "ACTIVE",
      depletesAt: stored.closed ? null : depletesAt,
    });
  }

  test("three streams through create, top-up (funded, dry, by a third party), withdraw, terminate", async () => {
    const address = chain.streamPayment;
    const recipient = chain.provider.account.address;
    const providerBefore = await getGlmBalance(chain.publicClient, {
      token: chain.glm,
      owner: recipient,
    });
    const requestorBefore = await getGlmBalance(chain.publicClient, {
      token: chain.glm,
      owner: chain.requestor.account.address,
    });
    const open = async (deposit: bigint, ratePerSecond: bigint, label: string) => {
      const created = await createStream(chain.requestor, {
        address,
        recipient,
        deposit,
        ratePerSecond,
        serviceId: keccak256(toHex(label)),
      });
      await index(host, created.hash);
      await expectStreamInStep(created.streamId);
      return created.streamId;
    };
    const a = await open(1_000_000n, 7n, "a");
    const b = await open(10_000n, 3n, "b");

    await chain.time.increase(1000);
    await index(host, (await topUp(chain.requestor, { address, streamId: a, amount: 333n })).hash);
    await expectStreamInStep(a);

    await chain.time.increase(50_000);
    await index(host, (await withdraw(chain.provider, { address, streamId: a })).hash);
    await index(host, (await withdraw(chain.stranger, { address, streamId: b })).hash);
    await expectStreamInStep(a);
    await expectStreamInStep(b);

    await chain.time.increase(200_000); // a ran dry
    await index(host, (await topUp(chain.stranger, { address, streamId: a, amount: 5000n })).hash);
    await expectStreamInStep(a);
    const c = await open(50_000n, 1n, "c");

    await chain.time.increase(100);
    await index(host, (await terminate(chain.requestor, { address, streamId: a })).hash);
    await index(host, (await terminate(chain.provider, { address, streamId: b })).hash);
    for (const id of [a, b, c]) await expectStreamInStep(id);

    // Stream totals and lifecycle fields.
    const streamA = host.entity("Stream", a.toString());
    expect(streamA).toMatchObject({
      deposited: 1_000_000n + 333n + 5000n,
      terminatedBy: chain.requestor.account.address.toLowerCase(),
    });
    expect(host.entity("Stream", b.toString())).toMatchObject({
      deposited: 10_000n,
      terminatedBy: recipient.toLowerCase(),
    });
    for (const id of [a, b]) {
      const s = host.entity("Stream", id.toString()) as Totals;
      expect(s.withdrawn + s.refunded).toBe(s.deposited);
    }
    const streamC = host.entity("Stream", c.toString());
    expect(streamC).toMatchObject({ deposited: 50_000n, withdrawn: 0n, refunded: 0n });
    expect(streamC).not.toHaveProperty("terminatedAt");

    // Provider and Requestor totals match the token balances.
    const providerAfter = await getGlmBalance(chain.publicClient, {
      token: chain.glm,
      owner: recipient,
    });
    expect(host.entity("Provider", recipient.toLowerCase())).toEqual({
      id: recipient.toLowerCase(),
      address: recipient.toLowerCase(),
      streamCount: 3n,
      totalEarned: providerAfter - providerBefore,
    });
    const sender = chain.requestor.account.address;
    const requestorAfter = await getGlmBalance(chain.publicClient, {
      token: chain.glm,
      owner: sender,
    });
    const requestor = host.entity("Requestor", sender.toLowerCase()) as Totals;
    expect(requestor.streamCount).toBe(3n);
    // totalDeposited includes the stranger's top-up of 5000.
    expect(requestor.totalDeposited - 5000n - requestor.totalRefunded).toBe(
      requestorBefore - requestorAfter,
    );
    expect(host.entities("Requestor")).toHaveLength(1);
    expect(host.entities("Provider")).toHaveLength(1);
  }, 180_000);

  test("one immutable entity per event, id = tx hash + log index, fields from the log", () => {
    expect(fed.map((f) => f.eventName).sort()).toEqual(
      [
        ...Array(3).fill("StreamCreated"),
        ...Array(2).fill("StreamToppedUp"),
        ...Array(2).fill("StreamWithdrawn"),
        ...Array(2).fill("StreamTerminated"),
      ].sort(),
    );
    for (const [eventName, { entity, fields }] of Object.entries(eventEntities)) {
      const logs = fed.filter((f) => f.eventName === eventName);
      expect(host.entities(entity)).toHaveLength(logs.length);
      for (const log of logs) {
        const id = eventEntityId(log.hash, log.logIndex);
        expect(host.entity(entity, id)).toMatchObject({
          id,
          stream: String(log.args.streamId),
          timestamp: log.timestamp,
          transactionHash: log.hash,
          ...fields(log.args),
        });
      }
    }
    // A terminated stream records when.
    const termination = fed.find((f) => f.eventName === "StreamTerminated");
    expect(host.entity("Stream", String(termination?.args.streamId))?.terminatedAt).toBe(
      termination?.timestamp,
    );
  });

  test("events of a stream created before startBlock are ignored, not an error", async () => {
    const fresh = await loadMapping(mapping.wasm, mapping.schema);
    const created = await createStream(chain.requestor, {
      address: chain.streamPayment,
      recipient: chain.provider.account.address,
      deposit: 1000n,
      ratePerSecond: 1n,
      serviceId: keccak256(toHex("before start")),
    });
    const streamId = created.streamId;
    await index(
      fresh,
      (await topUp(chain.requestor, { address: chain.streamPayment, streamId, amount: 10n })).hash,
    );
    await index(
      fresh,
      (await terminate(chain.requestor, { address: chain.streamPayment, streamId })).hash,
    );
    expect([...fresh.store.keys()]).toEqual([]);
  });
});
