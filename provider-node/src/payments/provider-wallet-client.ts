import { defineGolemChain } from "@vm-on-golem/sdk/chain/define-golem-chain";
import type { SigningClient } from "@vm-on-golem/sdk/contract/wallet-client";
import { createWalletClient, http, type LocalAccount } from "viem";

/**
 * The provider's payment key as a wallet on `rpcUrl` (it signs locally; the node only relays).
 *
 * @example const wallet = providerWalletClient(account, { chainId: 31337, rpcUrl: "http://127.0.0.1:8545" });
 */
export function providerWalletClient(
  account: LocalAccount,
  { chainId, rpcUrl }: { chainId: number; rpcUrl: string },
): SigningClient {
  const chain = defineGolemChain({ chainId, rpcUrl });
  return createWalletClient({ account, chain, transport: http(rpcUrl) });
}
