import { tcp } from "@libp2p/tcp";
import { webSockets } from "@libp2p/websockets";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_ACCEPT, testProvider, testSignedAdvert } from "../../test-support/test-adverts.ts";
import {
  LOOPBACK_LISTEN,
  startTestNetwork,
  stopAll,
  type TestNetwork,
  tcpAddress,
  waitFor,
} from "../../test-support/test-network.ts";
import { encodeSignedAdvert } from "../advert/advert-schema.ts";
import { DEFAULT_MIN_REPUBLISH_SECONDS } from "./advert-gossip.ts";
import { peerScore } from "./create-advert-libp2p.ts";
import { createGossipPeer, type GossipPeer } from "./create-gossip-peer.ts";
import { ADVERT_TOPIC } from "./discovery-protocols.ts";

/** gossipsub drops every RPC of a peer scored below this (its default graylist threshold). */
const GRAYLIST_THRESHOLD = -80;
/** How long the attacker re-signs, seconds. */
const ATTACK_SECONDS = 12;
const provider = testProvider();
let net: TestNetwork;
let attacker: GossipPeer;

describe("one key re-signing in a loop, over real libp2p nodes on loopback", () => {
  beforeAll(async () => {
    net = await startTestNetwork({ relays: 5, provider, options: { syncIntervalMs: 0 } });
    await waitFor(
      () => net.relays.every((r) => r.store.get(provider.address)),
      15_000,
      "the provider's advert everywhere",
    );
    attacker = await createGossipPeer({
      transports: [tcp(), webSockets()],
      listen: LOOPBACK_LISTEN,
      accept: TEST_ACCEPT,
      bootstrap: [tcpAddress(net.relays[0] as GossipPeer)],
      bootstrapDelayMs: 0,
      targetConnections: 0,
    });
    await waitFor(
      () => attacker.libp2p.services.pubsub.getSubscribers(ADVERT_TOPIC).length > 0,
      10_000,
      "the attacker in the mesh",
    );
  }, 60_000);

  afterAll(async () => {
    await stopAll([...(net?.all ?? []), ...(attacker ? [attacker] : [])]);
  }, 30_000);

  it("relays at most one advert per provider per limit and graylists the flooding peer, not honest ones", async () => {
    const key = testProvider();
    const relayed = new Map<GossipPeer, number>();
    for (const peer of net.all) {
      relayed.set(peer, 0);
      peer.store.onChange((signed) => {
        if (signed.advert.provider === key.address) relayed.set(peer, (relayed.get(peer) ?? 0) + 1);
      });
    }
    const pubsub = attacker.libp2p.services.pubsub;
    const deadline = Date.now() + ATTACK_SECONDS * 1000;
    let sent = 0;
    for (let sequence = 1; Date.now() < deadline; sequence++) {
      // Signed up to ~2 min ahead in 5 s steps (within the allowed clock skew), as if paced.
      const issuedAt = Math.floor(Date.now() / 1000) + ((sequence * 5) % 110);
      const signed = await testSignedAdvert({ signer: key, sequence, issuedAt });
      await pubsub.publish(ADVERT_TOPIC, encodeSignedAdvert(signed)).catch(() => undefined);
      sent++;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await new Promise((resolve) => setTimeout(resolve, 2000)); // let relays forward what they took

    const limit = Math.ceil(ATTACK_SECONDS / DEFAULT_MIN_REPUBLISH_SECONDS) + 1;
    expect(sent).toBeGreaterThanOrEqual(4 * limit); // a flood, not a few re-signs
    for (const peer of net.all) {
      expect(relayed.get(peer)).toBeLessThanOrEqual(limit);
    }
    // The first re-sign is a valid advert: it reached the network, the flood did not.
    expect(net.all.every((peer) => peer.store.get(key.address) !== undefined)).toBe(true);

    const attackerId = attacker.libp2p.peerId.toString();
    const neighbours = net.all.filter((peer) =>
      peer.libp2p.getConnections().some((c) => c.remotePeer.toString() === attackerId),
    );
    expect(neighbours.length).toBeGreaterThan(0);
    for (const peer of neighbours) {
      expect(peerScore(peer.libp2p, attackerId)).toBeLessThan(GRAYLIST_THRESHOLD);
    }
    for (const peer of net.all) {
      for (const connection of peer.libp2p.getConnections()) {
        const id = connection.remotePeer.toString();
        if (id === attackerId) continue;
        expect(peerScore(peer.libp2p, id), `${id} at ${peer.libp2p.peerId}`).toBeGreaterThanOrEqual(
          0,
        );
      }
    }
  }, 60_000);

  it("still carries the honest provider's next change to every node", async () => {
    const prices = { ...net.provider.current().advert.prices, perCoreHour: 777n };
    await net.provider.update({ prices });
    await waitFor(
      () =>
        net.relays.every((r) => r.store.get(provider.address)?.advert.prices.perCoreHour === 777n),
      20_000,
      "the new price on every relay",
    );
  }, 30_000);
});
