import {
  createExplorerLinks,
  type ExplorerLinks,
  explorerLinksForChain,
} from "@vm-on-golem/sdk/streams-index/explorer-links";
import { type Chain, extractChain } from "viem";
import * as chains from "viem/chains";

/**
 * Explorer links for a chain id: a configured explorer URL wins, else the explorer viem knows
 * for that chain; `undefined` for chains without one (a local Hardhat chain).
 *
 * @example
 * explorerForChain(11155111)?.tx(hash); // "https://sepolia.etherscan.io/tx/0x…"
 */
export function explorerForChain(
  chainId: number,
  configuredUrl?: string | undefined,
): ExplorerLinks | undefined {
  if (configuredUrl !== undefined) return createExplorerLinks(configuredUrl);
  const known = extractChain({ chains: Object.values(chains) as Chain[], id: chainId }) as
    | Chain
    | undefined;
  return known === undefined ? undefined : explorerLinksForChain(known);
}
