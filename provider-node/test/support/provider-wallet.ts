import type { SigningClient } from "@vm-on-golem/sdk/contract";
import { createWalletClient, custom, type LocalAccount, parseEther, toHex } from "viem";
import type { PaymentSettings } from "../../src/payments/payment-settings.ts";
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

/**
 * The payment key of `settings` as a wallet over its chain client, given 10 ETH for gas on the
 * Hardhat chain behind it (the key of test settings is a full local account).
 */
export async function providerWalletOf(settings: PaymentSettings): Promise<SigningClient> {
  const account = settings.account as LocalAccount;
  const request = (args: unknown) => settings.client.request(args as never);
  await request({
    method: "hardhat_setBalance",
    params: [account.address, toHex(parseEther("10"))],
  });
  return createWalletClient({
    account,
    chain: settings.client.chain,
    transport: custom({ request }),
  });
}
