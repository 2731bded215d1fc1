/**
 * `@vm-on-golem/sdk/provider-client`: a typed client for one provider's `/api/v1` that signs
 * in with SIWE, and the API's response and request types. Uses only `fetch` and viem.
 *
 * @example
 * import { createProviderClient } from "@vm-on-golem/sdk/provider-client";
 */
export {
  type CreateProviderClientParameters,
  createProviderClient,
  type ProviderClient,
} from "../provider-client/create-provider-client.ts";
export type {
  AccessView,
  CreateVmBody,
  DestroyedView,
  NonceView,
  OfferBody,
  OfferView,
  ProviderInfoView,
  SessionView,
  VmConsoleView,
  VmStatsView,
  VmStreamView,
  VmView,
} from "../provider-client/provider-api-types.ts";
export { type RequestJsonParameters, requestJson } from "../provider-client/request-json.ts";
export type { ProviderClientSigner } from "../provider-client/sign-in-with-ethereum.ts";
