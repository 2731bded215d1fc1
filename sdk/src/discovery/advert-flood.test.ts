import { tcp } from "@libp2p/tcp";
import { afterAll, describe, expect, it } from "vitest";
import { TEST_ACCEPT, testProvider, testSignedAdvert } from "../../test-support/test-adverts.ts";
import { tcpAddress, waitFor } from "../../test-support/test-network.ts";
import { encodeSignedAdvert, type SignedAdvert } from "../advert/advert-schema.ts";
import { listAdverts } from "./advert-snapshot.ts";
import { type AdvertLibp2p, createAdvertLibp2p } from "./create-advert-libp2p.ts";
import { createGossipPeer, type GossipPeer } from "./create-gossip-peer.ts";
import { ADVERT_TOPIC } from "./discovery-protocols.ts";

/** Throwaway keys the attacker signs adverts with: one more than the store holds. */
const FLOOD = Number(process.env.ADVERT_FLOOD_KEYS ?? 10_001);
const started: { stop(): unknown }[] = [];

afterAll(async () => {
  await Promise.allSettled(started.map((node) => node.stop()));
}, 30_000);

/** A bare libp2p node that publishes into the topic without joining it (receives nothing). */
async function publisher(relay: GossipPeer): Promise<AdvertLibp2p> {
  const libp2p = await createAdvertLibp2p({
    transports: [tcp()],
    listen: ["/ip4/127.0.0.1/tcp/0"],
    bootstrap: [tcpAddress(relay)],
    bootstrapDelayMs: 0,
  });
  started.push(libp2p);
  await libp2p.start();
  await waitFor(
    () => libp2p.services.pubsub.getSubscribers(ADVERT_TOPIC).length > 0,
    10_000,
    "the relay's subscription",
  );
  return libp2p;
}

/** A provider's own node publishing its advert (the advert names this node's peer id). */
async function honestProvider(
  relay: GossipPeer,
): Promise<{ signed: SignedAdvert; node: AdvertLibp2p }> {
  const node = await publisher(relay);
  const signed = await testSignedAdvert({
    signer: testProvider(),
    content: { peerId: node.peerId.toString(), multiaddrs: [] },
  });
  await node.services.pubsub.publish(ADVERT_TOPIC, encodeSignedAdvert(signed));
  return { signed, node };
}

describe("advert store flood over real libp2p (throwaway keys)", () => {
  it(`${FLOOD} throwaway-key adverts do not lock out an honest newcomer nor evict a provider whose node is connected`, async () => {
    const relay = await createGossipPeer({
      transports: [tcp()],
      listen: ["/ip4/127.0.0.1/tcp/0"],
      accept: TEST_ACCEPT,
      targetConnections: 0,
      syncIntervalMs: 0,
      connectionManager: { inboundConnectionThreshold: 10_000 },
    });
    started.push(relay);
    const established = await honestProvider(relay);
    await waitFor(() => relay.store.get(established.signed.advert.provider) !== undefined, 10_000);

    // Signed before the attack starts, so the flood arrives as fast as libp2p carries it.
    const flood: Uint8Array[] = [];
    for (let i = 0; i < FLOOD; i++) {
      flood.push(encodeSignedAdvert(await testSignedAdvert({ signer: testProvider() })));
    }
    const attacker = await publisher(relay);
    const seen = () =>
      relay.gossip.stats.accepted + relay.gossip.stats.ignored + relay.gossip.stats.rejected;
    const before = seen();
    for (const bytes of flood) await attacker.services.pubsub.publish(ADVERT_TOPIC, bytes);
    await waitFor(() => seen() - before >= FLOOD, 180_000, "the relay to validate the flood");
    expect(relay.store.size).toBeLessThanOrEqual(10_000);

    const newcomer = await honestProvider(relay);
    const provider = newcomer.signed.advert.provider;
    await waitFor(() => relay.store.get(provider) !== undefined, 10_000, "the newcomer's advert");
    // Listed where newcomers read from (snapshots and GET /api/v1/adverts).
    expect(listAdverts(relay.store).some((a) => a.advert.provider === provider)).toBe(true);
    expect(relay.store.get(established.signed.advert.provider)?.signature).toBe(
      established.signed.signature,
    );
    expect(relay.store.size).toBeLessThanOrEqual(10_000);
  }, 400_000);
});
