import { tcp } from "@libp2p/tcp";
import { webSockets } from "@libp2p/websockets";
import type { PrivateKeyAccount } from "viem/accounts";
import { type AdvertNode, createAdvertNode } from "../src/discovery/create-advert-node.ts";
import {
  type CreateGossipPeerParameters,
  createGossipPeer,
  type GossipPeer,
} from "../src/discovery/create-gossip-peer.ts";
import { TEST_ACCEPT, testAdvertContent } from "./test-adverts.ts";

/** Loopback listen addresses on ephemeral ports (TCP and WebSockets). */
export const LOOPBACK_LISTEN = ["/ip4/127.0.0.1/tcp/0", "/ip4/127.0.0.1/tcp/0/ws"];

/** The TCP multiaddr (with `/p2p/`) of a node, for bootstrap lists. */
export function tcpAddress(peer: GossipPeer): string {
  const addr = peer.multiaddrs().find((a) => a.includes("/tcp/") && !a.includes("/ws"));
  if (!addr) throw new Error("node has no TCP address");
  return addr;
}

/** The WebSockets multiaddr (with `/p2p/`) of a node. */
export function wsAddress(peer: GossipPeer): string {
  const addr = peer.multiaddrs().find((a) => a.includes("/ws"));
  if (!addr) throw new Error("node has no WebSockets address");
  return addr;
}

/** Polls `condition` every 20 ms until it holds; throws after `timeoutMs`. */
export async function waitFor(
  condition: () => boolean,
  timeoutMs: number,
  what = "condition",
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Parameters of {@link startTestNetwork}. */
export type StartTestNetworkParameters = {
  /** Relays (gossip peers without an advert of their own). */
  relays: number;
  /** The provider whose node joins last. */
  provider: PrivateKeyAccount;
  /** Extra options for every node. */
  options?: Partial<CreateGossipPeerParameters> | undefined;
  /** Bootstrap peers per node besides the first node (random earlier ones). Default 2. */
  extraLinks?: number | undefined;
};

/** Relays plus one provider node on loopback; see {@link startTestNetwork}. */
export type TestNetwork = {
  relays: GossipPeer[];
  provider: AdvertNode;
  /** Every node, provider last. */
  all: GossipPeer[];
  stop(): Promise<void>;
};

function pickBootstrap(earlier: GossipPeer[], extra: number): string[] {
  const [first, ...rest] = earlier;
  if (!first) return [];
  const picked = rest.sort(() => Math.random() - 0.5).slice(0, extra);
  return [first, ...picked].map(tcpAddress);
}

/**
 * Starts real libp2p nodes on loopback (test and benchmark helper): relay 0 is everyone's
 * bootstrap peer, each later node also bootstraps to a few random earlier ones, and a provider
 * node joins last. Nodes are started one at a time; the caller waits for the mesh.
 */
export async function startTestNetwork(
  parameters: StartTestNetworkParameters,
): Promise<TestNetwork> {
  const relays: GossipPeer[] = [];
  const extra = parameters.extraLinks ?? 2;
  const common = {
    transports: [tcp(), webSockets()],
    listen: LOOPBACK_LISTEN,
    accept: TEST_ACCEPT,
    bootstrapDelayMs: 0,
    // Every node dials from 127.0.0.1: lift the per-host inbound rate limit (5/s by default).
    connectionManager: { inboundConnectionThreshold: 10_000, maxIncomingPendingConnections: 1000 },
    ...parameters.options,
  };
  const { peerId: _peerId, multiaddrs: _multiaddrs, ...content } = testAdvertContent();
  try {
    for (let i = 0; i < parameters.relays; i++) {
      relays.push(await createGossipPeer({ ...common, bootstrap: pickBootstrap(relays, extra) }));
    }
    const provider = await createAdvertNode({
      ...common,
      bootstrap: pickBootstrap(relays, extra),
      signer: parameters.provider,
      content,
      autonat: false,
      dialBack: false,
    });
    const all = [...relays, provider];
    return { relays, provider, all, stop: () => stopAll(all) };
  } catch (error) {
    await stopAll(relays);
    throw error;
  }
}

/** Stops every node, ignoring failures of single nodes. */
export async function stopAll(peers: readonly GossipPeer[]): Promise<void> {
  await Promise.allSettled(peers.map((peer) => peer.stop()));
}
