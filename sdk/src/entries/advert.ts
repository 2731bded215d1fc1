/**
 * `@vm-on-golem/sdk/advert`: a provider's EIP-712 signed advert (schema, wire encoding, signing,
 * verification) and the store that keeps the newest verified advert per provider.
 *
 * @example
 * import { verifyAdvert } from "@vm-on-golem/sdk/advert";
 */
export type { AdvertRejectReason } from "../advert/advert-error.ts";
export {
  type Advert,
  type AdvertJson,
  advertSchema,
  type DecodeSignedAdvertResult,
  decodeSignedAdvert,
  encodeSignedAdvert,
  MAX_ADVERT_BYTES,
  type SignedAdvert,
  type SignedAdvertJson,
  signedAdvertSchema,
  signedAdvertToJson,
} from "../advert/advert-schema.ts";
export {
  type AdmitAdvertResult,
  type AdvertStore,
  type CreateAdvertStoreParameters,
  createAdvertStore,
} from "../advert/advert-store.ts";
export {
  advertDomain,
  advertTypedData,
  advertTypes,
  advertTypesWith,
  advertTypesWithPublishedPorts,
} from "../advert/advert-typed-data.ts";
export { checkApiUrl, isDevChain } from "../advert/api-url-policy.ts";
export { checkBrowserPeer } from "../advert/check-browser-peer.ts";
export { checkPublishedPorts, MAX_PUBLISHED_PORTS } from "../advert/published-ports.ts";
export {
  type AdvertContent,
  type AdvertSigner,
  type BuildAdvertParameters,
  buildAdvert,
  type SignAdvertParameters,
  signAdvert,
} from "../advert/sign-advert.ts";
export {
  type AcceptedDeployment,
  ANY_DEPLOYMENT,
  DEFAULT_MAX_CLOCK_SKEW_SECONDS,
  DEFAULT_MAX_TTL_SECONDS,
  type VerifyAdvertParameters,
  type VerifyAdvertReturnType,
  verifyAdvert,
} from "../advert/verify-advert.ts";
