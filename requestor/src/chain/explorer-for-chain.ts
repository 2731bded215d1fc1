import type { DeploymentExplorer } from "@vm-on-golem/sdk/deployments";
import type { ExplorerLinks } from "@vm-on-golem/sdk/streams-index";
import { explorerLinksForDeployment } from "@vm-on-golem/sdk/streams-index";

/**
 * Explorer links for a chain id: a configured explorer URL wins, then the deployment's
 * `explorer`, else the explorer viem knows for that chain; `undefined` for chains without one
 * (a local Hardhat chain).
 *
 * @example
 * explorerForChain(11155111)?.tx(hash); // "https://sepolia.etherscan.io/tx/0x…"
 */
export function explorerForChain(
  chainId: number,
  configuredUrl?: string | undefined,
  deploymentExplorer?: DeploymentExplorer | undefined,
): ExplorerLinks | undefined {
  return explorerLinksForDeployment({ chainId, explorer: deploymentExplorer }, configuredUrl);
}
