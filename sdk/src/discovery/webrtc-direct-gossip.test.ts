import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_ACCEPT, testAdvertContent, testProvider } from "../../test-support/test-adverts.ts";
import { stopAll, waitFor } from "../../test-support/test-network.ts";
import { type AdvertNode, createAdvertNode } from "./create-advert-node.ts";
import { createDiscoveryClient, type DiscoveryClient } from "./create-discovery-client.ts";

const provider = testProvider();
let node: AdvertNode;
let client: DiscoveryClient;

describe("gossip over WebRTC-direct between real libp2p nodes on loopback", () => {
  beforeAll(async () => {
    const { peerId: _p, multiaddrs: _m, ...content } = testAdvertContent();
    // The provider's default transports (TCP, WebSockets, WebRTC-direct), listening on TCP and UDP.
    node = await createAdvertNode({
      signer: provider,
      content,
      accept: TEST_ACCEPT,
      listen: ["/ip4/127.0.0.1/tcp/0", "/ip4/127.0.0.1/udp/0/webrtc-direct"],
      autonat: false,
      dialBack: false,
      minPublishIntervalMs: 0,
      minRepublishIntervalSeconds: 0,
    });
  }, 30_000);

  afterAll(async () => {
    await stopAll([client, node].filter((p) => p !== undefined));
  }, 30_000);

  it("advertises a webrtc-direct address with its certhash", () => {
    const addresses = node.current().advert.multiaddrs.filter((a) => a.includes("/webrtc-direct"));
    expect(addresses).toHaveLength(1);
    expect(addresses[0]).toMatch(
      /^\/ip4\/127\.0\.0\.1\/udp\/\d+\/webrtc-direct\/certhash\/u[\w-]+\/p2p\/12D3Koo\w+$/,
    );
  });

  it("a client that only speaks WebRTC-direct gets the advert, then live updates, over that connection", async () => {
    const webrtc = node.multiaddrs().find((a) => a.includes("/webrtc-direct/")) as string;
    // The default client transports for a webrtc-direct bootstrap list: WebRTC-direct alone.
    client = await createDiscoveryClient({
      bootstrap: [webrtc],
      accept: TEST_ACCEPT,
      minRepublishIntervalSeconds: 0,
    });
    await client.refresh({ waitForPeersMs: 15_000 });
    expect(client.store.get(provider.address)?.signature).toBe(node.current().signature);
    const connections = client.libp2p.getConnections(node.libp2p.peerId);
    expect(connections.map((c) => c.remoteAddr.toString())).toEqual([
      expect.stringContaining("/webrtc-direct/certhash/"),
    ]);

    // Not the snapshot again: a new price reaches the client through gossipsub.
    await waitFor(
      () => client.libp2p.services.pubsub.getSubscribers("/vm-on-golem/adverts/1").length > 0,
      10_000,
      "the client to see the provider's subscription",
    );
    const prices = { ...node.current().advert.prices, perCoreHour: 777n };
    await node.update({ prices });
    await waitFor(
      () => client.store.get(provider.address)?.advert.prices.perCoreHour === 777n,
      15_000,
      "the new price over gossip",
    );
    expect(client.store.get(provider.address)?.signature).toBe(node.current().signature);
  }, 40_000);
});
