import type { Address, Chain, Hash } from "viem";
import type { StreamRecord } from "./stream-record.ts";

/** Links to pages of one block explorer (Etherscan-style paths, which Blockscout serves too). */
export type ExplorerLinks = {
  /** The explorer's name, e.g. "Etherscan". */
  name: string;
  tx(hash: Hash): string;
  address(address: Address): string;
  /**
   * A stream's page: the transaction that opened it, whose StreamCreated log shows sender,
   * recipient, serviceId, deposit and rate (later events are on the contract's page).
   */
  stream(stream: Pick<StreamRecord, "createdTx">): string;
  /** The contract's "Read Contract" tab, where `getStream(id)` shows the stream now. */
  readContract(address: Address): string;
};

/**
 * Explorer links from an explorer's base URL.
 *
 * @example
 * createExplorerLinks("https://sepolia.etherscan.io").tx(hash) // "https://sepolia.etherscan.io/tx/0x…"
 */
export function createExplorerLinks(baseUrl: string, name = "explorer"): ExplorerLinks {
  const base = baseUrl.replace(/\/+$/, "");
  const tx = (hash: Hash) => `${base}/tx/${hash}`;
  const address = (address: Address) => `${base}/address/${address}`;
  return {
    name,
    tx,
    address,
    stream: (stream) => tx(stream.createdTx),
    readContract: (contract) => `${address(contract)}#readContract`,
  };
}

/**
 * Explorer links for a viem chain definition (its `blockExplorers.default`); `undefined` for a
 * chain without one, such as a local Hardhat chain.
 *
 * @example
 * import { sepolia } from "viem/chains";
 * explorerLinksForChain(sepolia)?.address(streamPayment)
 */
export function explorerLinksForChain(chain: Chain): ExplorerLinks | undefined {
  const explorer = chain.blockExplorers?.default;
  return explorer ? createExplorerLinks(explorer.url, explorer.name) : undefined;
}
