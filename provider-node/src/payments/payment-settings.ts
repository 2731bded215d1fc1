import type { PaymentDeployment } from "@vm-on-golem/sdk/deployments";
import type { HourlyPrices } from "@vm-on-golem/sdk/stream";
import type { Address, Client, LocalAccount } from "viem";

/** Everything the node's payment parts share, resolved once at start. */
export type PaymentSettings = {
  /** The provider's payment key: signs offers, receives streams. */
  account: Pick<LocalAccount, "address" | "signTypedData">;
  /** Reads the chain (a viem public client). */
  client: Client;
  chainId: number;
  /** The StreamPayment contract streams must be opened on (`payments.pay` of the deployment). */
  streamPayment: Address;
  /** The token this provider is paid in; the zero address for the native coin (ETH). */
  token: Address;
  /**
   * The payment deployments this provider accepts, as `provider/info` lists them: today the one
   * of `payments.pay` (`streamPayment` and `token` above).
   */
  accepted?: readonly PaymentDeployment[] | undefined;
  /** Prices in token base units per hour. */
  prices: HourlyPrices;
  /** Least runway a stream must have when its VM is created (seconds). */
  minRunwaySeconds: number;
  /** How long an issued offer can be used (seconds). */
  offerTtlSeconds: number;
  /** Most offers one requestor may hold unexpired and unused at once (count). */
  maxOpenOffersPerRequestor: number;
};
