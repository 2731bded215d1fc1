import { type Multiaddr, multiaddr } from "@multiformats/multiaddr";

/**
 * The peer id a multiaddr ends at (its last `/p2p/` component, past any relay), or undefined
 * when it names none or does not parse.
 *
 * @example peerIdOfMultiaddr("/ip4/1.2.3.4/tcp/4001/p2p/12D3Koo..."); // "12D3Koo..."
 */
export function peerIdOfMultiaddr(address: string | Multiaddr): string | undefined {
  try {
    const parsed = typeof address === "string" ? multiaddr(address) : address;
    return parsed.getComponents().findLast((c) => c.name === "p2p")?.value;
  } catch {
    return undefined;
  }
}
