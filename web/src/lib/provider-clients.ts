import { createProbeLimiter } from "@vm-on-golem/sdk/discovery";
import { createProviderClient, type ProviderClient } from "@vm-on-golem/sdk/provider-client";
import type { Account, Chain, Client, Transport } from "viem";
import { signMessage } from "viem/actions";

/** A wallet client as wagmi's `useWalletClient` returns it. */
export type PageWallet = Client<Transport, Chain, Account>;

const clients = new Map<string, ProviderClient>();

/**
 * One provider client per provider and wallet address for the page's lifetime, so its SIWE
 * session (one wallet signature) is reused by the rent flow and My VMs. It signs in only for
 * the domain of `apiUrl` and the wallet's chain.
 *
 * @example
 * const provider = providerClientFor("http://127.0.0.1:7466", walletClient);
 * await provider.listVms();
 */
export function providerClientFor(apiUrl: string, wallet: PageWallet): ProviderClient {
  const key = `${apiUrl}|${wallet.account.address.toLowerCase()}|${wallet.chain.id}`;
  let client = clients.get(key);
  if (!client) {
    client = createProviderClient({
      baseUrl: apiUrl,
      chainId: wallet.chain.id,
      signer: {
        address: wallet.account.address,
        signMessage: ({ message }) => signMessage(wallet, { account: wallet.account, message }),
      },
    });
    clients.set(key, client);
  }
  return client;
}

/**
 * A client for the public routes only (`provider/info`), with a short timeout.
 *
 * @example
 * const info = await publicProviderClient("http://127.0.0.1:7466").providerInfo();
 */
export function publicProviderClient(apiUrl: string, timeoutMs = 5_000): ProviderClient {
  return createProviderClient({ baseUrl: apiUrl, timeoutMs });
}

/**
 * The page's pool for public provider requests (reachability of listed rows): a listing of
 * thousands of adverts keeps at most a few requests in flight. Create the client inside the
 * task, so its timeout starts when the request does.
 *
 * @example
 * const info = await queuePublicRequest(() => publicProviderClient(apiUrl).providerInfo());
 */
export const queuePublicRequest = createProbeLimiter(6);
