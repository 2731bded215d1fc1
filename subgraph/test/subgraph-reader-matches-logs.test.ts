// The sdk reads the same streams from the subgraph as from chain logs. Real streams on an
// in-process Hardhat chain are indexed by the compiled mapping (test/wasm-host: a minimal
// graph-node host, not graph-node); the sdk's subgraph reader queries them over HTTP from a
// graphql-js server executing graph-node's query API over that store (wasm-host/graph-node-api.ts),
// and its records must equal those of the sdk's log reader on the same chain.
import { getAddress, type Hash, keccak256, toHex } from "viem";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createStream } from "../../sdk/src/contract/create-stream.ts";
import { requestGlmFromFaucet } from "../../sdk/src/contract/request-glm-from-faucet.ts";
import { terminate } from "../../sdk/src/contract/terminate.ts";
import { topUp } from "../../sdk/src/contract/top-up.ts";
import { withdraw } from "../../sdk/src/contract/withdraw.ts";
import { createLogStreamsReader } from "../../sdk/src/streams-index/create-log-streams-reader.ts";
import { createSubgraphStreamsReader } from "../../sdk/src/streams-index/create-subgraph-streams-reader.ts";
import { createTestChain, type TestChain } from "../../sdk/test-support/create-test-chain.ts";
import { loadMapping } from "./wasm-host/graph-host.ts";
import { serveGraphNodeApi } from "./wasm-host/graph-node-api.ts";
import { indexTransaction } from "./wasm-host/index-transaction.ts";
import { compiledMapping } from "./wasm-host/mapping-wasm.ts";

let chain: TestChain;
let api: Awaited<ReturnType<typeof serveGraphNodeApi>>;

beforeAll(async () => {
  const { wasm, schema } = compiledMapping();
  chain = await createTestChain();
  const host = await loadMapping(wasm, schema);
  const address = chain.streamPayment;
  const hashes: Hash[] = [];
  const run = async <T extends { hash: Hash }>(tx: Promise<T>) => {
    const result = await tx;
    hashes.push(result.hash);
    return result;
  };
  await requestGlmFromFaucet(chain.requestor, { token: chain.glm });
  await requestGlmFromFaucet(chain.provider, { token: chain.glm });
  // Two senders and two recipients: requestor → provider (×2), requestor → stranger, provider → stranger.
  const open = (
    from: typeof chain.requestor,
    to: typeof chain.provider,
    deposit: bigint,
    tag: string,
  ) =>
    run(
      createStream(from, {
        address,
        recipient: to.account.address,
        deposit,
        ratePerSecond: 3n,
        serviceId: keccak256(toHex(tag)),
      }),
    );
  const s1 = await open(chain.requestor, chain.provider, 9_000n, "s1");
  const s2 = await open(chain.requestor, chain.provider, 600n, "s2");
  const s3 = await open(chain.requestor, chain.stranger, 4_000n, "s3");
  const s4 = await open(chain.provider, chain.stranger, 1_000n, "s4");
  await chain.time.increase(100);
  await run(topUp(chain.requestor, { address, streamId: s1.streamId, amount: 500n }));
  await run(withdraw(chain.stranger, { address, streamId: s3.streamId }));
  await chain.time.increase(500); // s2 ran dry
  await run(terminate(chain.provider, { address, streamId: s2.streamId }));
  await run(terminate(chain.provider, { address, streamId: s4.streamId }));
  await run(withdraw(chain.provider, { address, streamId: s1.streamId }));
  for (const hash of hashes) await indexTransaction(host, chain.publicClient, address, hash);
  api = await serveGraphNodeApi(host, schema);
}, 180_000);

afterAll(async () => {
  await api?.close();
});

test("every stream and every filter: the subgraph reader's records equal the log reader's", async () => {
  const logs = createLogStreamsReader(chain.publicClient, {
    address: chain.streamPayment,
    fromBlock: chain.deployment.contracts.StreamPayment.deployBlock,
  });
  const subgraph = createSubgraphStreamsReader({ url: api.url, pageSize: 2 });
  const all = await logs.listStreams();
  expect(all).toHaveLength(4);
  expect(all.map((s) => s.status)).toEqual(["active", "terminated", "active", "terminated"]);
  await expect(subgraph.listStreams()).resolves.toEqual(all);
  for (const who of [chain.requestor, chain.provider, chain.stranger]) {
    const address = getAddress(who.account.address);
    for (const filter of [{ sender: address }, { recipient: address }]) {
      await expect(subgraph.listStreams(filter), JSON.stringify(filter)).resolves.toEqual(
        await logs.listStreams(filter),
      );
    }
  }
});
