import type { HourlyPrices } from "@vm-on-golem/sdk/stream";
import type { Address, Client, LocalAccount } from "viem";

/** Everything the node's payment parts share, resolved once at start. */
export type PaymentSettings = {
  /** The provider's payment key: signs offers, receives streams. */
  account: Pick<LocalAccount, "address" | "signTypedData">;
  /** Reads the chain (a viem public client). */
  client: Client;
  chainId: number;
  /** The StreamPayment contract streams must be opened on. */
  streamPayment: Address;
  /** The token this provider is paid in (the deployment's GLM). */
  token: Address;
  /** Prices in token base units per hour. */
  prices: HourlyPrices;
  /** Least runway a stream must have when its VM is created (seconds). */
  minRunwaySeconds: number;
  /** How long an issued offer can be used (seconds). */
  offerTtlSeconds: number;
  /** Most offers one requestor may hold unexpired and unused at once (count). */
  maxOpenOffersPerRequestor: number;
};
