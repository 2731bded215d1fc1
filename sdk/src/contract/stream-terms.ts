import type { Address, Hex } from "viem";

/** What every way of opening a stream takes: the contract, the payee and the stream's terms. */
export type StreamTerms = {
  /** The StreamPayment contract (StreamPaymentNative for a native stream). */
  address: Address;
  /** Who is paid (the provider). */
  recipient: Address;
  /** Base units (wei for a native stream) to fund the stream with. */
  deposit: bigint;
  /** Base units (wei for a native stream) accrued per second. */
  ratePerSecond: bigint;
  /** What the stream pays for: the EIP-712 hash of the provider's offer. */
  serviceId: Hex;
};
