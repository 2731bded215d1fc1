/**
 * `@vm-on-golem/sdk/chain`: a viem `Chain` for a deployment's RPC, and the check that an RPC
 * serves the expected chain.
 *
 * @example
 * import { defineGolemChain } from "@vm-on-golem/sdk/chain";
 */
export { assertChainId } from "../chain/assert-chain-id.ts";
export {
  type DefineGolemChainParameters,
  defineGolemChain,
} from "../chain/define-golem-chain.ts";
export { uintDecimal } from "../chain/uint-schemas.ts";
