/**
 * `@vm-on-golem/sdk/provider-client`: a typed client for one provider's `/api/v1` that signs
 * in with SIWE and validates every answer with the provider API's schemas, and the API's
 * response and request types (inferred from `@vm-on-golem/sdk/provider-api`). Uses only
 * `fetch`, viem and zod.
 *
 * @example
 * import { createProviderClient } from "@vm-on-golem/sdk/provider-client";
 */
export {
  chooseProviderTransport,
  HTTP_OVER_LIBP2P_PROTOCOL,
  type ProviderTransportChoice,
} from "../provider-client/choose-provider-transport.ts";
export {
  type CreateProviderClientParameters,
  createProviderClient,
  type ProviderClient,
} from "../provider-client/create-provider-client.ts";
export {
  createHttpTransport,
  type ProviderTransport,
} from "../provider-client/provider-transport.ts";
export {
  DEFAULT_MAX_ANSWER_BYTES,
  type RequestJsonParameters,
  requestJson,
} from "../provider-client/request-json.ts";
export type { ProviderClientSigner } from "../provider-client/sign-in-with-ethereum.ts";
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
} from "./provider-api.ts";
