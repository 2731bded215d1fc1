import type { Deployment } from "../deployments/deployment-schema.ts";
import { knownExplorer } from "../deployments/known-explorer.ts";
import { createExplorerLinks, type ExplorerLinks } from "./explorer-links.ts";

/**
 * Explorer links for a deployment, first found wins: an explorer URL configured by the user, the
 * deployment's `explorer` field, the explorer viem knows for its chain id. `undefined` when there
 * is none (a local chain): show plain hashes then.
 *
 * @example
 * explorerLinksForDeployment(deployment, config.explorerUrl)?.tx(hash);
 */
export function explorerLinksForDeployment(
  deployment: Pick<Deployment, "chainId" | "explorer">,
  configuredUrl?: string | undefined,
): ExplorerLinks | undefined {
  if (configuredUrl !== undefined) return createExplorerLinks(configuredUrl);
  const explorer = deployment.explorer ?? knownExplorer(deployment.chainId);
  return explorer ? createExplorerLinks(explorer.url, explorer.name) : undefined;
}
