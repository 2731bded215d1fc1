// The part of graph-node's GraphQL API the sdk's subgraph reader uses (graph-node derives it from
// schema.graphql), executed by graphql-js over a test host's store and served over HTTP. Not
// graph-node's query engine: only `streams(where: {streamId_gt, sender, recipient}, orderBy,
// orderDirection: asc, first)` is implemented.
import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import {
  buildSchema,
  type GraphQLSchema,
  getNamedType,
  graphql,
  isListType,
  isNonNullType,
  isObjectType,
} from "graphql";
import type { GraphHost } from "./graph-host.ts";

/** graph-node's directives, scalars and the `streams` query field, added to schema.graphql. */
export const graphNodeApi = `
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

/** The subgraph's schema with graph-node's query API, as graphql-js can validate and execute it. */
export function buildGraphNodeSchema(schemaSource: string): GraphQLSchema {
  return buildSchema(`${schemaSource}\n${graphNodeApi}`);
}

/** An entity as graph-node answers it: BigInt as decimal strings, references as the referenced entity. */
function toGraphQL(
  schema: GraphQLSchema,
  host: GraphHost,
  typeName: string,
  entity: Record<string, unknown>,
): Record<string, unknown> {
  const type = schema.getType(typeName);
  if (!isObjectType(type)) throw new Error(`${typeName} is not an object type`);
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(type.getFields())) {
    const value = entity[name];
    const named = getNamedType(field.type);
    const unwrapped = isNonNullType(field.type) ? field.type.ofType : field.type;
    if (value === undefined || value === null || isListType(unwrapped)) continue;
    if (isObjectType(named)) {
      const referenced = host.entity(named.name, String(value));
      out[name] = referenced ? toGraphQL(schema, host, named.name, referenced) : null;
    } else {
      out[name] = typeof value === "bigint" ? value.toString() : value;
    }
  }
  return out;
}

type StreamsArgs = {
  where?: { streamId_gt?: string; sender?: string; recipient?: string };
  first?: number;
  orderDirection?: "asc" | "desc";
};

/**
 * Serves POST `{ query, variables }` at `<url>` like graph-node's `/subgraphs/name/<name>`.
 *
 * @example
 * const api = await serveGraphNodeApi(host, schemaSource);
 * await createSubgraphStreamsReader({ url: api.url }).listStreams();
 * api.close();
 */
export async function serveGraphNodeApi(host: GraphHost, schemaSource: string) {
  const schema = buildGraphNodeSchema(schemaSource);
  const rootValue = {
    streams({ where = {}, first = 100, orderDirection = "asc" }: StreamsArgs) {
      const gt = BigInt(where.streamId_gt ?? "-1");
      const rows = host
        .entities("Stream")
        .filter((s) => (s.streamId as bigint) > gt)
        .filter((s) => !where.sender || s.sender === where.sender)
        .filter((s) => !where.recipient || s.recipient === where.recipient)
        .sort((a, b) => Number((a.streamId as bigint) - (b.streamId as bigint)));
      if (orderDirection === "desc") rows.reverse();
      return rows.slice(0, first).map((s) => toGraphQL(schema, host, "Stream", s));
    },
  };
  const server = createServer(async (req, res) => {
    let text = "";
    for await (const chunk of req) text += chunk;
    const { query, variables } = JSON.parse(text) as {
      query: string;
      variables?: Record<string, unknown>;
    };
    const result = await graphql({ schema, source: query, rootValue, variableValues: variables });
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(result));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/subgraphs/name/vm-on-golem`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
