/**
 * `@vm-on-golem/sdk/discovery/node` (Node.js only: TCP, a WebRTC-direct listener): the provider's side of discovery, a
 * libp2p node that gossips its signed advert, and the reachability check peers answer by
 * dialling back.
 *
 * @example
 * import { createAdvertNode } from "@vm-on-golem/sdk/discovery/node";
 */

export type { TransportCertificate } from "@libp2p/webrtc";
export {
  type CheckReachabilityParameters,
  checkReachability,
  type PortReachability,
  type ReachabilityReport,
} from "../discovery/check-reachability.ts";
export {
  type AdvertNode,
  type AdvertNodeContent,
  type CreateAdvertNodeParameters,
  createAdvertNode,
} from "../discovery/create-advert-node.ts";
export { type DialBackLimits, handleDialBack } from "../discovery/dial-back.ts";
