// The sdk's subgraph reader asks for fields that this subgraph's schema has. The Query type in
// wasm-host/graph-node-api.ts is the part of graph-node's generated API the reader uses (graph-node
// derives it from schema.graphql; it cannot run here), so a renamed entity field fails this test.
import { readFileSync } from "node:fs";
import { parse, validate } from "graphql";
import { expect, test } from "vitest";
import { subgraphStreamsQuery } from "../../sdk/src/streams-index/create-subgraph-streams-reader.ts";
import { buildGraphNodeSchema } from "./wasm-host/graph-node-api.ts";

const schema = buildGraphNodeSchema(
  readFileSync(new URL("../schema.graphql", import.meta.url), "utf8"),
);

test("the sdk's streams query is valid against the subgraph schema", () => {
  expect(validate(schema, parse(subgraphStreamsQuery)).map((e) => e.message)).toEqual([]);
});

test("a field the schema lacks is caught", () => {
  const broken = subgraphStreamsQuery.replace("refunded", "refundedAmount");
  expect(validate(schema, parse(broken)).map((e) => e.message)).toEqual([
    'Cannot query field "refundedAmount" on type "Stream". Did you mean "refunded"?',
  ]);
});
