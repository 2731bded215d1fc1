import { type Address, getAddress, type Hash, type Hex, isAddress, isHex } from "viem";
import { z } from "zod";
import { GolemError } from "../errors/golem-error.ts";
import { toStreamId } from "../stream/stream-id.ts";
import type { StreamFilter, StreamRecord, StreamsReader } from "./stream-record.ts";

/** Parameters of {@link createSubgraphStreamsReader}. */
export type CreateSubgraphStreamsReaderParameters = {
  /** The subgraph's GraphQL endpoint, e.g. `http://127.0.0.1:8000/subgraphs/name/vm-on-golem`. */
  url: string;
  /** Streams per request (graph-node allows up to 1000). */
  pageSize?: number | undefined;
  /** Replaces the global `fetch` (e.g. to add an API key header). */
  fetch?: typeof fetch | undefined;
};

/** The query {@link createSubgraphStreamsReader} sends: one page of streams after a cursor id. */
export const subgraphStreamsQuery = `query Streams($where: Stream_filter!, $first: Int!) {
  streams(where: $where, orderBy: streamId, orderDirection: asc, first: $first) {
    streamId
    contract
    sender { id }
    recipient { id }
    serviceId
    ratePerSecond
    deposited
    withdrawn
    refunded
    status
    createdAt
    createdAtBlock
    createdTx
    terminatedAt
  }
}`;

const bigintText = z.string().regex(/^\d+$/).transform(BigInt);
const address = z.string().refine((text) => isAddress(text, { strict: false }), "not an address");
const hex = z.string().refine((text) => isHex(text), "not hex");
const streamRow = z.object({
  streamId: bigintText,
  contract: address,
  sender: z.object({ id: address }),
  recipient: z.object({ id: address }),
  serviceId: hex,
  ratePerSecond: bigintText,
  deposited: bigintText,
  withdrawn: bigintText,
  refunded: bigintText,
  status: z.enum(["ACTIVE", "TERMINATED"]),
  createdAt: bigintText,
  createdAtBlock: bigintText,
  createdTx: hex,
  terminatedAt: bigintText.nullable(),
});
const response = z.union([
  z.object({ data: z.object({ streams: z.array(streamRow) }) }),
  z.object({ errors: z.array(z.object({ message: z.string() })).min(1) }),
]);

/**
 * A {@link StreamsReader} over the VM on Golem subgraph (see `subgraph/`): one GraphQL request
 * per page instead of a log scan. Failures are `SUBGRAPH_UNAVAILABLE`.
 *
 * @example
 * const reader = createSubgraphStreamsReader({ url: "http://127.0.0.1:8000/subgraphs/name/vm-on-golem" });
 * const streams = await reader.listStreams({ sender: requestorAddress });
 */
export function createSubgraphStreamsReader(
  parameters: CreateSubgraphStreamsReaderParameters,
): StreamsReader {
  return { source: "subgraph", listStreams: (filter = {}) => listFromSubgraph(parameters, filter) };
}

async function listFromSubgraph(
  { url, pageSize = 1000, fetch: fetchFn = fetch }: CreateSubgraphStreamsReaderParameters,
  filter: StreamFilter,
): Promise<StreamRecord[]> {
  const records: StreamRecord[] = [];
  let after = -1n;
  for (;;) {
    const where: Record<string, string> = { streamId_gt: after.toString() };
    // The subgraph stores addresses as lowercase Bytes ids.
    if (filter.sender) where.sender = filter.sender.toLowerCase();
    if (filter.recipient) where.recipient = filter.recipient.toLowerCase();
    const rows = await queryPage(url, fetchFn, { where, first: pageSize });
    records.push(...rows.map(toRecord));
    const last = rows.at(-1);
    if (!last || rows.length < pageSize) return records;
    after = last.streamId;
  }
}

async function queryPage(
  url: string,
  fetchFn: typeof fetch,
  variables: { where: Record<string, string>; first: number },
): Promise<z.output<typeof streamRow>[]> {
  const fail = (message: string, cause?: unknown) =>
    new GolemError("SUBGRAPH_UNAVAILABLE", message, { cause, details: { url } });
  let body: unknown;
  try {
    const res = await fetchFn(url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ query: subgraphStreamsQuery, variables }),
    });
    if (!res.ok) throw fail(`the subgraph at ${url} answered HTTP ${res.status}`);
    body = await res.json();
  } catch (err) {
    if (err instanceof GolemError) throw err;
    throw fail(`could not reach the subgraph at ${url}`, err);
  }
  const parsed = response.safeParse(body);
  if (!parsed.success) throw fail(`the subgraph at ${url} sent an unexpected answer`, parsed.error);
  if ("errors" in parsed.data) {
    throw fail(`the subgraph at ${url} refused the query: ${parsed.data.errors[0]?.message}`);
  }
  return parsed.data.data.streams;
}

function toRecord(row: z.output<typeof streamRow>): StreamRecord {
  return {
    streamId: toStreamId(row.streamId),
    contract: getAddress(row.contract) as Address,
    sender: getAddress(row.sender.id),
    recipient: getAddress(row.recipient.id),
    serviceId: row.serviceId as Hex,
    ratePerSecond: row.ratePerSecond,
    deposited: row.deposited,
    withdrawn: row.withdrawn,
    refunded: row.refunded,
    status: row.status === "ACTIVE" ? "active" : "terminated",
    createdAt: row.createdAt,
    createdAtBlock: row.createdAtBlock,
    createdTx: row.createdTx as Hash,
    terminatedAt: row.terminatedAt ?? undefined,
  };
}
