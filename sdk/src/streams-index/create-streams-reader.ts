import type { Client } from "viem";
import type { Deployment } from "../deployments/deployment-schema.ts";
import { createLogStreamsReader } from "./create-log-streams-reader.ts";
import { createSubgraphStreamsReader } from "./create-subgraph-streams-reader.ts";
import type { StreamsReader } from "./stream-record.ts";

/** Parameters of {@link createStreamsReader}. */
export type CreateStreamsReaderParameters = {
  deployment: Deployment;
  /** A subgraph GraphQL endpoint; chain logs are read when it is not set. */
  subgraphUrl?: string | undefined;
};

/**
 * The streams reader a program configured: the subgraph when `subgraphUrl` is set, else the
 * deployment's event logs through `client` (the default: no extra service).
 *
 * @example
 * const reader = createStreamsReader(publicClient, { deployment, subgraphUrl: config.subgraphUrl });
 */
export function createStreamsReader(
  client: Client,
  { deployment, subgraphUrl }: CreateStreamsReaderParameters,
): StreamsReader {
  if (subgraphUrl) return createSubgraphStreamsReader({ url: subgraphUrl });
  const { address, deployBlock } = deployment.contracts.StreamPayment;
  return createLogStreamsReader(client, { address, fromBlock: deployBlock });
}
