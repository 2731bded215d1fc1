/**
 * `@vm-on-golem/sdk/streams-index`: list the streams of an address, from the contract's logs
 * (any RPC) or a subgraph, and explorer links for streams and addresses.
 *
 * @example
 * import { createStreamsReader } from "@vm-on-golem/sdk/streams-index";
 */
export {
  type CreateLogStreamsReaderParameters,
  createLogStreamsReader,
} from "../streams-index/create-log-streams-reader.ts";
export {
  type CreateStreamsReaderParameters,
  createStreamsReader,
} from "../streams-index/create-streams-reader.ts";
export {
  type CreateSubgraphStreamsReaderParameters,
  createSubgraphStreamsReader,
} from "../streams-index/create-subgraph-streams-reader.ts";
export {
  createExplorerLinks,
  type ExplorerLinks,
  explorerLinksForChain,
} from "../streams-index/explorer-links.ts";
export { explorerLinksForDeployment } from "../streams-index/explorer-links-for-deployment.ts";
export type {
  StreamFilter,
  StreamRecord,
  StreamsReader,
} from "../streams-index/stream-record.ts";
