import { noise } from "@chainsafe/libp2p-noise";
import { yamux } from "@chainsafe/libp2p-yamux";
import type { Libp2p } from "@libp2p/interface";
import { createLibp2p, type Libp2pOptions } from "libp2p";

/**
 * A started libp2p node that only dials (no listen address, no services): what a requestor needs
 * to reach provider APIs over libp2p. Transports are injected (`[tcp()]` in a CLI) so a browser
 * build imports no TCP. Stop it when done.
 *
 * @example
 * const libp2p = await createApiClientLibp2p([tcp()]);
 * try { ... } finally { await libp2p.stop(); }
 */
export async function createApiClientLibp2p(
  transports: NonNullable<Libp2pOptions["transports"]>,
): Promise<Libp2p> {
  return createLibp2p({
    transports,
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
  });
}
