import { type Address, getAddress, type Hex, isAddress, isHex } from "viem";
import { z } from "zod";

const uint = (max: number) => z.number().int().nonnegative().max(max);

/** A decimal string on the wire, a `bigint` in code (token base units). */
const tokenAmount = z.codec(z.string().regex(/^\d{1,78}$/), z.bigint().nonnegative(), {
  decode: (text) => BigInt(text),
  encode: (value) => value.toString(),
});

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
    cpu: uint(0xffff_ffff),
    memoryGiB: uint(0xffff_ffff),
    storageGiB: uint(0xffff_ffff),
  }),
  /** Image the VM boots (empty: the provider's default). */
  image: z.string().max(128),
  /** Least stream rate the provider accepts (base units per second). */
  ratePerSecond: tokenAmount,
  /** Token streams are paid in. */
  token: address,
  chainId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  /** StreamPayment contract the stream must be opened on. */
  contract: address,
  /** Least runway the stream must have when the VM is created (seconds). */
  minRunwaySeconds: uint(Number.MAX_SAFE_INTEGER),
  /** Unix seconds; the offer cannot be used after this. */
  expiresAt: uint(Number.MAX_SAFE_INTEGER),
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
