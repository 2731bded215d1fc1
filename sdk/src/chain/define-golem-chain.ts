import { type Chain, defineChain } from "viem";

/** What {@link defineGolemChain} needs to know about a chain. */
export type DefineGolemChainParameters = {
  chainId: number;
  /** JSON-RPC endpoint (URL). */
  rpcUrl: string;
  /** Shown by wallets; default `chain <id>`. */
  name?: string | undefined;
  /** Block explorer base URL, when the chain has one. */
  explorerUrl?: string | undefined;
  /** True for local and test chains (wallets label them). */
  testnet?: boolean | undefined;
};

/**
 * The viem chain of a deployment: an ETH-gas chain reached at `rpcUrl`. Every program builds
 * its clients from this one definition.
 *
 * @example
 * const chain = defineGolemChain({ chainId: 31337, rpcUrl: "http://127.0.0.1:8545" });
 */
export function defineGolemChain(parameters: DefineGolemChainParameters): Chain {
  const { chainId, rpcUrl, explorerUrl, testnet } = parameters;
  return defineChain({
    id: chainId,
    name: parameters.name ?? `chain ${chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
    ...(explorerUrl ? { blockExplorers: { default: { name: "Explorer", url: explorerUrl } } } : {}),
    ...(testnet === undefined ? {} : { testnet }),
  });
}
