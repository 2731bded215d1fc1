import { type Chain, extractChain } from "viem";
import * as chains from "viem/chains";
import { devChainId } from "../src/lib/dev-faucet-limits.ts";

/**
 * What the page tells an address without ETH for gas on `chainId`: `GOLEM_GAS_HELP` when the
 * operator set it (the dapp serves one chain, so this is the chain's text), else a text built
 * from viem's chain table (a testnet's faucet, a mainnet's exchanges).
 *
 * @example
 * gasHelpFor(11155111, undefined); // "Sepolia is a test network: get free Sepolia ETH …"
 */
export function gasHelpFor(chainId: number, configured: string | undefined): string {
  if (configured?.trim()) return configured.trim();
  if (chainId === devChainId) {
    return "On this local dev chain the Faucet button sends gas (1 ETH) with the test GLM.";
  }
  const chain = extractChain({ chains: Object.values(chains) as Chain[], id: chainId }) as
    | Chain
    | undefined;
  const name = chain?.name ?? `chain ${chainId}`;
  const symbol = chain?.nativeCurrency.symbol ?? "ETH";
  if (chain?.testnet) {
    return `${name} is a test network: get free ${name} ${symbol} from a ${name} faucet and send it to your address.`;
  }
  return `Gas on ${name} is paid in ${symbol}: buy it on an exchange or bridge it, and send it to your address.`;
}
