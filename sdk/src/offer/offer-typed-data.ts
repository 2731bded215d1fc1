import { type Hex, hashTypedData } from "viem";
import { advertDomain } from "../advert/advert-typed-data.ts";
import type { Offer } from "./offer-schema.ts";

/**
 * EIP-712 types of an offer. Same domain as adverts (`{name: "VM on Golem", version: "1",
 * chainId}`); the StreamPayment address is the signed field `contract`.
 */
export const offerTypes = {
  Offer: [
    { name: "provider", type: "address" },
    { name: "requestor", type: "address" },
    { name: "resources", type: "OfferResources" },
    { name: "image", type: "string" },
    { name: "ratePerSecond", type: "uint256" },
    { name: "token", type: "address" },
    { name: "chainId", type: "uint256" },
    { name: "contract", type: "address" },
    { name: "minRunwaySeconds", type: "uint64" },
    { name: "expiresAt", type: "uint64" },
    { name: "nonce", type: "bytes32" },
  ],
  OfferResources: [
    { name: "cpu", type: "uint32" },
    { name: "memoryGiB", type: "uint32" },
    { name: "storageGiB", type: "uint32" },
  ],
} as const;

/** The full typed-data object to sign, verify or hash for an offer. */
export function offerTypedData(offer: Offer) {
  return {
    domain: advertDomain(offer.chainId),
    types: offerTypes,
    primaryType: "Offer",
    message: {
      ...offer,
      chainId: BigInt(offer.chainId),
      minRunwaySeconds: BigInt(offer.minRunwaySeconds),
      expiresAt: BigInt(offer.expiresAt),
    },
  } as const;
}

/**
 * The offer's service id: its EIP-712 hash, which the paying stream carries as `serviceId`.
 *
 * @example
 * await createStream(wallet, { ..., serviceId: serviceIdOf(signed.offer) });
 */
export function serviceIdOf(offer: Offer): Hex {
  return hashTypedData(offerTypedData(offer));
}
