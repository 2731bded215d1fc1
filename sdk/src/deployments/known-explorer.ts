import { type Chain, extractChain } from "viem";
import * as chains from "viem/chains";
import type { DeploymentExplorer } from "./deployment-schema.ts";

/**
 * The block explorer viem knows for a chain id (its chain definition's `blockExplorers.default`);
 * `undefined` for chains without one, such as local Hardhat/anvil chains (31337).
 *
 * @example
 * knownExplorer(11155111); // { name: "Etherscan", url: "https://sepolia.etherscan.io" }
 */
export function knownExplorer(chainId: number): DeploymentExplorer | undefined {
  const chain = extractChain({ chains: Object.values(chains) as Chain[], id: chainId }) as
    | Chain
    | undefined;
  const explorer = chain?.blockExplorers?.default;
  return explorer ? { name: explorer.name, url: explorer.url.replace(/\/+$/, "") } : undefined;
}
