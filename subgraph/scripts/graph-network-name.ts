/** graph-node's network names for the chains VM on Golem deploys to, by EIP-155 chain id. */
const graphNetworks: Record<number, string> = {
  1: "mainnet",
  11155111: "sepolia",
  137: "matic",
  80002: "polygon-amoy",
  31337: "localhost",
};

/**
 * The network name a subgraph manifest uses for a chain: The Graph's name for known chains, else
 * the deployment's own name (which must then match the graph-node's `ethereum` setting).
 *
 * @example graphNetworkName(137, "polygon") // "matic"
 */
export function graphNetworkName(chainId: number, deploymentName: string): string {
  return graphNetworks[chainId] ?? deploymentName;
}
