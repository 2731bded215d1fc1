import { defineGolemChain } from "@vm-on-golem/sdk/chain";
import type { SigningClient } from "@vm-on-golem/sdk/contract";
import { type Client, createWalletClient, custom, http, type LocalAccount } from "viem";

/**
 * The provider's payment key as a wallet on `rpcUrl`, or over `client`'s transport when one is
 * given (the node's chain client in tests); it signs locally, the node only relays.
 *
 * @example const wallet = providerWalletClient(account, { chainId: 31337, rpcUrl: "http://127.0.0.1:8545" });
 */
export function providerWalletClient(
  account: LocalAccount,
  { chainId, rpcUrl }: { chainId: number; rpcUrl: string },
  client?: Client,
): SigningClient {
  const chain = defineGolemChain({ chainId, rpcUrl });
  const transport = client
    ? custom({ request: (args) => client.request(args as never) })
    : http(rpcUrl);
  return createWalletClient({ account, chain, transport });
}
