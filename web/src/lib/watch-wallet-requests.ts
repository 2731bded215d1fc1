import { createWalletClient, custom, type EIP1193Parameters, type Hash } from "viem";
import type { PageWallet } from "./provider-clients.ts";

/** What the wallet is asked for: a transaction to send, or a message to sign. */
export type WalletPrompt = "transaction" | "signature";

/** Calls made as the wallet is asked and as a transaction reaches the chain. */
export type WalletRequestEvents = {
  /** Before the wallet is asked (its window opens; the user must confirm there). */
  prompt: (kind: WalletPrompt) => void;
  /** The wallet sent a transaction: it is pending on chain. */
  sent: (hash: Hash) => void;
};

const signMethods = new Set([
  "eth_signTypedData_v4",
  "eth_signTypedData",
  "personal_sign",
  "eth_sign",
]);

/**
 * The same wallet (account, chain, connection) reporting each request that needs the user and
 * each transaction it sends, so the page can tell "confirm in your wallet" from "pending on chain".
 *
 * @example
 * const watched = watchWalletRequests(wallet, { prompt: () => show("confirm"), sent: (h) => show(h) });
 * await terminate(watched, { address, streamId });
 */
export function watchWalletRequests(wallet: PageWallet, on: WalletRequestEvents): PageWallet {
  return createWalletClient({
    account: wallet.account,
    chain: wallet.chain,
    transport: custom(
      {
        async request({ method, params }: EIP1193Parameters) {
          if (method === "eth_sendTransaction") on.prompt("transaction");
          else if (signMethods.has(method)) on.prompt("signature");
          const result = await wallet.request({ method, params } as never);
          if (method === "eth_sendTransaction" || method === "eth_sendRawTransaction") {
            on.sent(result as Hash);
          }
          return result;
        },
      },
      // The wallet's own client already retried; a rejected prompt must not open again.
      { retryCount: 0 },
    ),
  }) as PageWallet;
}
