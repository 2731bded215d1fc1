import { type Address, getAddress, type Hex, isAddress, isHex } from "viem";
import { z } from "zod";
import { tokenAmountSchema, uintNumber } from "../chain/uint-schemas.ts";

/** Any-case hex address on the wire, checksummed in code. */
const address = z.codec(
  z.string().refine((text) => isAddress(text, { strict: false }), "not an address"),
  z.custom<Address>((value) => typeof value === "string" && isAddress(value)),
  { decode: (text) => getAddress(text), encode: (value) => value },
);

const bytes32 = z.custom<Hex>(
  (value) => typeof value === "string" && isHex(value) && value.length === 66,
  "not 32 bytes of hex",
);

/**
 * A provider's quote for one VM, signed with EIP-712 (see `offer-typed-data.ts`). The stream
 * that pays for the VM carries `serviceId = hashTypedData(offer)`. Wire form: JSON with the
 * rate as a decimal string; parsed form: the rate as `bigint`.
 */
export const offerSchema = z.object({
  /** The provider's payment address: signs the offer, receives the stream. */
  provider: address,
  /** The only account that may use the offer (the stream's sender). */
  requestor: address,
  resources: z.object({
    cpu: uintNumber(32),
    memoryGiB: uintNumber(32),
    storageGiB: uintNumber(32),
  }),
  /** Image the VM boots (empty: the provider's default). */
  image: z.string().max(128),
  /** Least stream rate the provider accepts (base units per second). */
  ratePerSecond: tokenAmountSchema,
  /** Token streams are paid in. */
  token: address,
  chainId: uintNumber(256).positive(),
  /** StreamPayment contract the stream must be opened on. */
  contract: address,
  /** Least runway the stream must have when the VM is created (seconds). */
  minRunwaySeconds: uintNumber(64),
  /** Unix seconds; the offer cannot be used after this. */
  expiresAt: uintNumber(64),
  /** Random 32 bytes, so two equal quotes have different service ids. */
  nonce: bytes32,
});

/** An offer in code. */
export type Offer = z.output<typeof offerSchema>;
/** An offer as JSON on the wire. */
export type OfferJson = z.input<typeof offerSchema>;

/** An offer with the provider's signature, as the API sends and receives it. */
export const signedOfferSchema = z.object({
  offer: offerSchema,
  /** EIP-712 signature of `offer` by `offer.provider` (65 bytes). */
  signature: z.custom<Hex>(
    (value) => typeof value === "string" && isHex(value) && value.length === 132,
    "not a 65-byte signature",
  ),
});

/** A signed offer in code. */
export type SignedOffer = z.output<typeof signedOfferSchema>;
/** A signed offer as JSON on the wire. */
export type SignedOfferJson = z.input<typeof signedOfferSchema>;

/** The wire (JSON-safe) form of a signed offer. */
export function signedOfferToJson(signed: SignedOffer): SignedOfferJson {
  return z.encode(signedOfferSchema, signed);
}
