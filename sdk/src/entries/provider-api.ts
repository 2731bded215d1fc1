/**
 * `@vm-on-golem/sdk/provider-api`: the provider API's (`/api/v1`) wire, as zod schemas — the one
 * definition the provider serves from and the provider client validates every answer with — and
 * the types inferred from them.
 *
 * @example
 * import { providerInfoSchema } from "@vm-on-golem/sdk/provider-api";
 */
export { type ErrorEnvelope, errorEnvelopeSchema } from "../provider-api/errors.ts";
export {
  type OfferBody,
  type OfferView,
  offerBodySchema,
  offerViewSchema,
  signedOfferViewSchema,
} from "../provider-api/offers.ts";
export {
  healthViewSchema,
  type ProviderInfoView,
  providerInfoSchema,
} from "../provider-api/provider-info.ts";
export {
  type NonceView,
  nonceViewSchema,
  type SessionView,
  sessionViewSchema,
  siwePeerIdsOf,
  siwePeerResource,
  type VerifyBody,
  verifyBodySchema,
} from "../provider-api/sign-in.ts";
export {
  type SshHostKey,
  sshHostKeySchema,
  sshHostKeysSchema,
} from "../provider-api/ssh-host-keys.ts";
export { type VmStreamView, vmStreamViewSchema } from "../provider-api/streams.ts";
export {
  consoleQuerySchema,
  MAX_CONSOLE_BYTES,
  type VmConsoleView,
  type VmStatsView,
  vmConsoleViewSchema,
  vmStatsViewSchema,
} from "../provider-api/vm-usage.ts";
export {
  type AccessView,
  accessViewSchema,
  type CreateVmBody,
  createVmBodySchema,
  type DestroyedView,
  destroyedSchema,
  type VmView,
  vmIdParamsSchema,
  vmViewSchema,
} from "../provider-api/vms.ts";
export { wireAddressSchema, wireHex } from "../provider-api/wire-hex.ts";
