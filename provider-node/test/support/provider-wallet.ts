import type { SigningClient } from "@vm-on-golem/sdk/contract/wallet-client";
import { createWalletClient, custom, parseEther } from "viem";
import type { PaidChain } from "./paid-chain.ts";

/** The provider's payment key as a wallet on the test chain, with ETH for gas. */
export async function providerWallet(chain: PaidChain): Promise<SigningClient> {
  await chain.networkHelpers.setBalance(chain.providerAccount.address, parseEther("10"));
  return createWalletClient({
    account: chain.providerAccount,
    chain: chain.publicClient.chain,
    transport: custom({ request: (args) => chain.publicClient.request(args as never) }),
  });
}
