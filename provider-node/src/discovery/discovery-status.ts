import type { GolemBaseStatus } from "./golem-base-publisher.ts";
import { type ReachabilityStatus, reachabilityNotChecked } from "./node-reachability.ts";

/** The discovery part of `golem-provider status`. */
export type DiscoveryStatus = {
  /** `off`: turned off, or nothing to advertise (payments off); `error`: it failed to start. */
  state: "running" | "off" | "error";
  /** Why it is off or failed. */
  reason: string | null;
  peerId: string | null;
  /** libp2p addresses of the node (each ending in `/p2p/<peer id>`). */
  listenAddrs: string[];
  /** Peers connected now. */
  peers: number;
  /** Verified adverts the node holds (its own included). */
  adverts: number;
  /** ISO time the current advert was signed and published. */
  lastPublishAt: string | null;
  /** ISO time the current advert expires. */
  advertExpiresAt: string | null;
  reachability: ReachabilityStatus;
  /** Present when `discovery.golemBase.enabled`. */
  golemBase: GolemBaseStatus | null;
};

/**
 * The status of a node whose discovery does not run, and why.
 *
 * @example discoveryOff("payments are off: there is no chain or contract to advertise");
 */
export function discoveryOff(reason: string, state: "off" | "error" = "off"): DiscoveryStatus {
  return {
    state,
    reason,
    peerId: null,
    listenAddrs: [],
    peers: 0,
    adverts: 0,
    lastPublishAt: null,
    advertExpiresAt: null,
    reachability: reachabilityNotChecked("discovery is off"),
    golemBase: null,
  };
}
