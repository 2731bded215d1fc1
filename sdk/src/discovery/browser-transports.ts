import type { TransportFactory } from "./create-advert-libp2p.ts";

/**
 * The transports a page (or any client) needs for `bootstrap`: WebRTC-direct always (it needs no
 * CA certificate, so it works from an https origin to a provider without a domain), WebSockets
 * only when a bootstrap peer is a `/ws` or `/wss` address, so a page given only WebRTC-direct
 * peers never opens a WebSocket. Loaded on demand: a CLI that passes its own transports never
 * loads WebRTC.
 *
 * @example
 * await browserTransports(["/ip4/203.0.113.7/udp/7469/webrtc-direct/certhash/uEi…/p2p/12D3Koo…"]); // [webRTCDirect()]
 */
export async function browserTransports(bootstrap: readonly string[]): Promise<TransportFactory[]> {
  const { webRTCDirect } = await import("@libp2p/webrtc");
  if (!bootstrap.some((address) => /\/wss?(\/|$)/.test(address))) return [webRTCDirect()];
  const { webSockets } = await import("@libp2p/websockets");
  return [webRTCDirect(), webSockets()];
}
