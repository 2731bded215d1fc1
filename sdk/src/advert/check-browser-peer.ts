import { multiaddr } from "@multiformats/multiaddr";
import ipaddr from "ipaddr.js";

/**
 * Why a browser page on an https origin cannot use `address` as a bootstrap peer, or `undefined`
 * when it can: it must name its peer (`/p2p/<peerId>`) and be WebRTC-direct with a certhash (no CA
 * needed), or `wss`; plain `ws` only on a loopback host (local development: browsers treat
 * loopback as a secure origin, anything else is blocked as mixed content).
 *
 * @example
 * checkBrowserPeer("/ip4/203.0.113.7/udp/7469/webrtc-direct/certhash/uEi…/p2p/12D3Koo…"); // undefined
 * checkBrowserPeer("/ip4/203.0.113.7/tcp/7468/ws/p2p/12D3Koo…"); // "plain ws:// is for loopback …"
 */
export function checkBrowserPeer(address: string): string | undefined {
  let names: string[];
  let host: string | undefined;
  try {
    const components = multiaddr(address).getComponents();
    names = components.map((c) => c.name);
    host = components[0]?.value;
  } catch {
    return "not a multiaddr";
  }
  if (names.at(-1) !== "p2p") return "does not end in /p2p/<peer id>";
  if (names.includes("webrtc-direct")) {
    return names.includes("certhash") ? undefined : "a webrtc-direct address needs its /certhash/";
  }
  if (names.includes("wss") || names.includes("tls")) return undefined;
  if (names.includes("ws")) {
    return isLoopbackHost(host) ? undefined : "plain ws:// is for loopback development only";
  }
  return "browsers dial webrtc-direct (or wss) only";
}

/** `127.0.0.0/8`, `::1` and `localhost`: hosts a browser treats as a secure context. */
function isLoopbackHost(host: string | undefined): boolean {
  if (host === "localhost") return true;
  return host !== undefined && ipaddr.isValid(host) && ipaddr.process(host).range() === "loopback";
}
