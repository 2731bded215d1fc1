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
import {
  encodeSignedAdvert,
  type SignedAdvert,
  signedAdvertToJson,
} from "../advert/advert-schema.ts";
import type { GossipRefusal } from "./advert-gossip.ts";
import { createGossipPeer, type GossipPeer } from "./create-gossip-peer.ts";
import { ADVERT_TOPIC } from "./discovery-protocols.ts";

/** Nodes in the network (relays + the provider); GOSSIP_TEST_NODES overrides. */
const N = Number(process.env.GOSSIP_TEST_NODES ?? 10);
const provider = testProvider();
let net: TestNetwork;
const extra: GossipPeer[] = [];
let firstAdvert: SignedAdvert;
let control: ReturnType<typeof testProvider>;

const holds = (peer: GossipPeer, check: (signed: SignedAdvert) => boolean) => {
  const signed = peer.store.get(provider.address);
  return signed !== undefined && check(signed);
};

describe(`advert gossip over ${N} real libp2p nodes on loopback`, () => {
  beforeAll(async () => {
    net = await startTestNetwork({
      relays: N - 1,
      provider,
    });
  }, 60_000);

  afterAll(async () => {
    await stopAll([...(net?.all ?? []), ...extra]);
  }, 30_000);

  it("delivers the provider's advert to every node", async () => {
    // The provider may republish while its mesh forms: wait for its current advert everywhere.
    const isCurrent = (s: SignedAdvert) => s.signature === net.provider.current().signature;
    await waitFor(
      () => net.relays.every((r) => holds(r, isCurrent)),
      15_000,
      "advert on all nodes",
    );
    firstAdvert = net.provider.current();
    expect(firstAdvert.advert.provider).toBe(provider.address);
  }, 20_000);

  it("delivers a changed price to every node", async () => {
    const prices = { ...firstAdvert.advert.prices, perCoreHour: 123n };
    const updated = await net.provider.update({ prices });
    await waitFor(
      () => net.relays.every((r) => holds(r, (s) => s.advert.prices.perCoreHour === 123n)),
      10_000,
      "new price on all nodes",
    );
    expect(updated.advert.sequence).toBeGreaterThan(firstAdvert.advert.sequence);
  }, 15_000);

  it("drops forged, expired, replayed and wrong-chain adverts everywhere and does not relay them", async () => {
    // The attacker is a plain gossip peer linked to relay 0 only; it publishes raw bytes.
    const attacker = await createGossipPeer({
      transports: [tcp(), webSockets()],
      listen: LOOPBACK_LISTEN,
      accept: TEST_ACCEPT,
      bootstrap: [tcpAddress(net.relays[0] as GossipPeer)],
      bootstrapDelayMs: 0,
      targetConnections: 0,
    });
    extra.push(attacker);
    // Every node's topic validator reports its refusals; collect them per node.
    const refused = new Map<GossipPeer, GossipRefusal[]>();
    for (const peer of net.all) {
      const list: GossipRefusal[] = [];
      refused.set(peer, list);
      peer.gossip.onRefused((refusal) => list.push(refusal));
    }
    await waitFor(
      () => attacker.libp2p.services.pubsub.getSubscribers(ADVERT_TOPIC).length > 0,
      10_000,
      "attacker in the topic",
    );

    const current = net.provider.current();
    const forged = await testSignedAdvert({
      signer: testProvider(),
      sequence: current.advert.sequence + 1000,
      edit: (advert) => ({ ...advert, provider: provider.address }),
    });
    const expired = await testSignedAdvert({
      signer: testProvider(),
      issuedAt: Math.floor(Date.now() / 1000) - 700,
      ttlSeconds: 600,
    });
    const wrongChain = await testSignedAdvert({ signer: testProvider(), content: { chainId: 1 } });
    // A replay re-encoded so its gossip message id differs from the original's.
    const replay = new TextEncoder().encode(
      JSON.stringify(signedAdvertToJson(firstAdvert), null, 1),
    );
    const pubsub = attacker.libp2p.services.pubsub;
    for (const bytes of [
      encodeSignedAdvert(forged),
      encodeSignedAdvert(expired),
      encodeSignedAdvert(wrongChain),
      replay,
    ]) {
      await pubsub.publish(ADVERT_TOPIC, bytes);
    }
    // A valid advert published after the bad ones: once it is everywhere, the bad ones had their chance.
    control = testProvider();
    await pubsub.publish(
      ADVERT_TOPIC,
      encodeSignedAdvert(await testSignedAdvert({ signer: control })),
    );
    await waitFor(
      () => net.all.every((p) => p.store.get(control.address)),
      10_000,
      "control advert",
    );
    await new Promise((resolve) => setTimeout(resolve, 1500)); // one more heartbeat of IHAVE gossip

    for (const peer of net.all) {
      const held = peer.store.get(provider.address);
      expect(held?.signature).not.toBe(forged.signature);
      expect(held?.advert.sequence).toBeGreaterThanOrEqual(current.advert.sequence);
      expect(peer.store.list()).toHaveLength(2); // the provider and the control advert, nothing else
    }
    const neighbours = new Set(
      attacker.libp2p.getConnections().map((c) => c.remotePeer.toString()),
    );
    // The provider's own republishes may arrive out of order (a legit STALE, or TOO_FREQUENT
    // from path jitter); count only what the attacker sent, or what came from its adverts.
    const attackerId = attacker.libp2p.peerId.toString();
    const attack = (r: GossipRefusal) =>
      r.from === attackerId ||
      ["BAD_SIGNATURE", "EXPIRED", "WRONG_CHAIN"].includes(r.reason) ||
      r.message.startsWith(`advert sequence ${firstAdvert.advert.sequence} `);
    // (STALE: from the store, or already from the pace check, which knows what it relayed.)
    for (const peer of net.all) {
      const reasons = (refused.get(peer) ?? [])
        .filter(attack)
        .map((r) => r.reason)
        .sort();
      if (neighbours.has(peer.libp2p.peerId.toString())) {
        // The forgery and the replay name the honest provider, whose advert was relayed moments
        // ago: the pace check may drop them (TOO_FREQUENT) before their signature is looked at.
        expect(reasons).toHaveLength(4);
        expect(reasons).toContain("EXPIRED");
        expect(reasons).toContain("WRONG_CHAIN");
        const named = reasons.filter((r) => r !== "EXPIRED" && r !== "WRONG_CHAIN");
        for (const reason of named) {
          expect(["BAD_SIGNATURE", "STALE", "TOO_FREQUENT"]).toContain(reason);
        }
      } else {
        expect(reasons).toEqual([]); // nobody relayed a bad advert to this node
      }
    }
    expect(neighbours.size).toBeGreaterThan(0);
  }, 30_000);

  it("gives a node that joins late the current set from a snapshot", async () => {
    const late = await createGossipPeer({
      transports: [tcp(), webSockets()],
      listen: LOOPBACK_LISTEN,
      accept: TEST_ACCEPT,
      bootstrap: [tcpAddress(net.relays.at(-1) as GossipPeer)],
      bootstrapDelayMs: 0,
      syncIntervalMs: 0,
    });
    extra.push(late);
    await waitFor(() => late.store.list().length >= 2, 10_000, "snapshot on the late node");
    // The control advert was published once, before this node existed: only a snapshot has it.
    expect(late.store.get(control.address)).toBeDefined();
    const latest = () =>
      late.store.get(provider.address)?.signature === net.provider.current().signature;
    await waitFor(latest, 5000, "the provider's latest advert on the late node");
  }, 15_000);
});
