// The sdk's subgraph reader asks for fields that this subgraph's schema has. The Query type below
// is the part of graph-node's generated API the reader uses (graph-node derives it from
// schema.graphql; it cannot run here), so a renamed entity field fails this test.
import { readFileSync } from "node:fs";
import { buildSchema, parse, validate } from "graphql";
import { expect, test } from "vitest";
import { subgraphStreamsQuery } from "../../sdk/src/streams-index/create-subgraph-streams-reader.ts";

const entities = readFileSync(new URL("../schema.graphql", import.meta.url), "utf8");
const graphNodeApi = `
  directive @entity(immutable: Boolean) on OBJECT
  directive @derivedFrom(field: String!) on FIELD_DEFINITION
  scalar BigInt
  scalar Bytes
  enum OrderDirection { asc desc }
  enum Stream_orderBy { id streamId createdAt }
  input Stream_filter { streamId_gt: BigInt, sender: String, recipient: String }
  type Query {
    streams(where: Stream_filter, orderBy: Stream_orderBy, orderDirection: OrderDirection, first: Int): [Stream!]!
  }
`;

test("the sdk's streams query is valid against the subgraph schema", () => {
  const schema = buildSchema(`${entities}\n${graphNodeApi}`);
  expect(validate(schema, parse(subgraphStreamsQuery)).map((e) => e.message)).toEqual([]);
});

test("a field the schema lacks is caught", () => {
  const schema = buildSchema(`${entities}\n${graphNodeApi}`);
  const broken = subgraphStreamsQuery.replace("refunded", "refundedAmount");
  expect(validate(schema, parse(broken)).map((e) => e.message)).toEqual([
    'Cannot query field "refundedAmount" on type "Stream". Did you mean "refunded"?',
  ]);
});
