import type { Account, Chain, Client, Transport } from "viem";

/**
 * A viem client that can sign: a `WalletClient` (local key, JSON-RPC account, or a browser
 * wallet through wagmi). Reads and receipts go through the same client.
 */
export type SigningClient = Client<Transport, Chain | undefined, Account>;
