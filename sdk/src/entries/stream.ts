/**
 * `@vm-on-golem/sdk/stream`: stream math that mirrors the contract's views with bigint, and the
 * `StreamId` branded type. Pure functions: no network, no libp2p.
 *
 * @example
 * import { depositForDuration, ratePerSecond } from "@vm-on-golem/sdk/stream";
 */
export { depletionTime, isActiveAt, runwaySecondsAt } from "../stream/depletion-time.ts";
export { depositForDuration } from "../stream/deposit-for-duration.ts";
export {
  type HourlyPrices,
  type ResourceRequest,
  ratePerSecond,
} from "../stream/rate-per-second.ts";
export {
  refundableAt,
  type SettledStream,
  type StreamAmounts,
  settleStream,
  withdrawableAt,
} from "../stream/stream-balances.ts";
export { type StreamId, toStreamId } from "../stream/stream-id.ts";
export { type StreamStateAt, streamStateAt } from "../stream/stream-state-at.ts";
