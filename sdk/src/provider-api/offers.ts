import { z } from "zod";
import { wireHex } from "./wire-hex.ts";

// A plain string in code, as the sdk's `SignedOfferJson` has it (the offer schema checksums it).
const wireAddress = z.string().regex(/^0x[0-9a-fA-F]{40}$/);

/** An offer as JSON (the sdk's `SignedOfferJson`), as `POST /api/v1/offers` answers it. */
export const signedOfferViewSchema = z.object({
  offer: z.object({
    provider: wireAddress.describe("the provider's payment address (the stream's recipient)"),
    requestor: wireAddress.describe("the only account that may pay with this offer"),
    resources: z.object({
      cpu: z.number().int(),
      memoryGiB: z.number().int(),
      storageGiB: z.number().int(),
    }),
    image: z.string(),
    ratePerSecond: z.string().describe("least stream rate (token base units per second)"),
    token: wireAddress,
    chainId: z.number().int(),
    contract: wireAddress.describe("the StreamPayment contract to open the stream on"),
    minRunwaySeconds: z.number().int().describe("least runway the stream must have (seconds)"),
    expiresAt: z.number().int().describe("unix seconds"),
    nonce: wireHex(64).describe("random 32 bytes"),
  }),
  signature: wireHex(130).describe("EIP-712 signature by offer.provider"),
});

/** Answer of `POST /api/v1/offers`. */
export const offerViewSchema = signedOfferViewSchema.extend({
  serviceId: wireHex(64).describe("hashTypedData(offer): open the stream with this serviceId"),
});

/** Body of `POST /api/v1/offers`. */
export const offerBodySchema = z.object({
  cpu: z.number().int().min(1).max(256).describe("virtual CPUs"),
  memoryGiB: z.number().int().min(1).max(4096).describe("memory (whole GiB)"),
  storageGiB: z.number().int().min(1).max(65_536).describe("disk (GiB)"),
  image: z.string().max(128).optional().describe("image to boot (empty: the provider's default)"),
  streamPayment: wireAddress
    .optional()
    .describe(
      "the StreamPayment the requestor means to pay on (one of provider/info's payments.accepts); another is refused with PAYMENT_NOT_ACCEPTED",
    ),
});

/** Answer of `POST /api/v1/offers`: the signed offer and the serviceId to open the stream with. */
export type OfferView = z.infer<typeof offerViewSchema>;
/** Body of `POST /api/v1/offers`. */
export type OfferBody = z.input<typeof offerBodySchema>;
