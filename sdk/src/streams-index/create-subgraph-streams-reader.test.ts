// The subgraph reader against a GraphQL response in graph-node's wire shape (subgraph-streams-response.json),
// served by a local HTTP server: no graph-node can run here. That the query fits the subgraph's
// schema is checked in subgraph/test/sdk-query-matches-schema.test.ts.
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, expect, test } from "vitest";
import { golemRejection } from "../errors/golem-rejection.ts";
import {
  createSubgraphStreamsReader,
  subgraphStreamsQuery,
} from "./create-subgraph-streams-reader.ts";

type Row = { streamId: string; recipient: { id: string }; sender: { id: string } };
type Request = { query: string; variables: { where: Record<string, string>; first: number } };

const recorded: { data: { streams: Row[] } } = JSON.parse(
  readFileSync(new URL("./subgraph-streams-response.json", import.meta.url), "utf8"),
);

let server: Server;
let url: string;
let requests: Request[];
/** What the server answers instead of the recorded streams, when set. */
let override: { status: number; body: string } | undefined;

beforeAll(async () => {
  // Answers like graph-node would: rows after `streamId_gt`, filtered by sender/recipient, `first` at most.
  server = createServer(async (req, res) => {
    let text = "";
    for await (const chunk of req) text += chunk;
    const request: Request = JSON.parse(text);
    requests.push(request);
    if (override) {
      res.writeHead(override.status, { "content-type": "application/json" }).end(override.body);
      return;
    }
    const { where, first } = request.variables;
    const rows = recorded.data.streams
      .filter((row) => BigInt(row.streamId) > BigInt(where.streamId_gt ?? "-1"))
      .filter((row) => !where.sender || row.sender.id === where.sender)
      .filter((row) => !where.recipient || row.recipient.id === where.recipient)
      .slice(0, first);
    res
      .writeHead(200, { "content-type": "application/json" })
      .end(JSON.stringify({ data: { streams: rows } }));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/subgraphs/name/vm-on-golem`;
});

afterAll(() => {
  server.close();
});

beforeEach(() => {
  requests = [];
  override = undefined;
});

test("reads the recorded streams into records (recorded GraphQL response from a local HTTP server)", async () => {
  const streams = await createSubgraphStreamsReader({ url }).listStreams();
  expect(streams).toHaveLength(3);
  expect(streams[1]).toEqual({
    streamId: 2n,
    contract: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
    sender: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
    recipient: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
    serviceId: "0x9a8b7c6d5e4f30211203f4e5d6c7b8a99a8b7c6d5e4f30211203f4e5d6c7b8a9",
    ratePerSecond: 100_000_000_000_000n,
    deposited: 1_000_000_000_000_000_000n,
    withdrawn: 123_400_000_000_000_000n,
    refunded: 876_600_000_000_000_000n,
    status: "terminated",
    createdAt: 1_795_000_100n,
    createdAtBlock: 9n,
    createdTx: "0x8f7e6d5c4b3a29180f1e2d3c4b5a69788f7e6d5c4b3a29180f1e2d3c4b5a6978",
    terminatedAt: 1_795_001_334n,
  });
  expect(streams[0]?.terminatedAt).toBeUndefined();
  expect(requests).toHaveLength(1);
  expect(requests[0]?.query).toBe(subgraphStreamsQuery);
});

test("pages by streamId and sends filters as lowercase ids", async () => {
  const streams = await createSubgraphStreamsReader({ url, pageSize: 1 }).listStreams({
    recipient: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
  });
  expect(streams.map((s) => s.streamId)).toEqual([1n, 2n]);
  expect(requests.map((r) => r.variables.where)).toEqual([
    { streamId_gt: "-1", recipient: "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc" },
    { streamId_gt: "1", recipient: "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc" },
    { streamId_gt: "2", recipient: "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc" },
  ]);
});

test("GraphQL errors, HTTP errors, bad answers and no server are SUBGRAPH_UNAVAILABLE", async () => {
  const reader = createSubgraphStreamsReader({ url });
  override = {
    status: 200,
    body: JSON.stringify({ errors: [{ message: "Type `Query` has no field `streams`" }] }),
  };
  let err = await golemRejection(reader.listStreams());
  expect(err.code).toBe("SUBGRAPH_UNAVAILABLE");
  expect(err.message).toContain("has no field `streams`");

  override = { status: 502, body: "bad gateway" };
  err = await golemRejection(reader.listStreams());
  expect(err.message).toBe(`the subgraph at ${url} answered HTTP 502`);

  override = { status: 200, body: JSON.stringify({ data: { streams: [{ streamId: "x" }] } }) };
  err = await golemRejection(reader.listStreams());
  expect(err.message).toBe(`the subgraph at ${url} sent an unexpected answer`);

  err = await golemRejection(
    createSubgraphStreamsReader({ url: "http://127.0.0.1:9/subgraphs/name/x" }).listStreams(),
  );
  expect(err.code).toBe("SUBGRAPH_UNAVAILABLE");
  expect(err.hints[0]).toMatch(/unset it to read streams from chain logs/);
});
