/**
 * `@vm-on-golem/sdk/offer`: a provider's EIP-712 signed quote for one VM, its schema, signing,
 * verification and `serviceId` (the hash a stream pays for).
 *
 * @example
 * import { serviceIdOf, verifyOfferSignature } from "@vm-on-golem/sdk/offer";
 */
export {
  type Offer,
  type OfferJson,
  offerSchema,
  type SignedOffer,
  type SignedOfferJson,
  signedOfferSchema,
  signedOfferToJson,
} from "../offer/offer-schema.ts";
export { offerTypedData, offerTypes, serviceIdOf } from "../offer/offer-typed-data.ts";
export { type OfferSigner, type SignOfferParameters, signOffer } from "../offer/sign-offer.ts";
export { verifyOfferSignature } from "../offer/verify-offer-signature.ts";
