import { isIP } from "node:net";
import type { SignedAdvert, SignedAdvertJson } from "@vm-on-golem/sdk/advert";
import { checkApiUrl, isDevChain } from "@vm-on-golem/sdk/advert";
import { type AdvertNode, createAdvertNode } from "@vm-on-golem/sdk/discovery/node";
import { GolemError } from "@vm-on-golem/sdk/errors";
import type { LocalAccount } from "viem";
import type { ProviderConfig } from "../config/provider-config.ts";
import type { PaymentSettings } from "../payments/payment-settings.ts";
import type { ResourceBudget } from "../resources/resource-budget.ts";
import { advertContentOf, advertPlatform, nodeApiUrl } from "./advert-content.ts";
import type { DiscoveryStatus } from "./discovery-status.ts";
import { createGolemBasePublisher, type GolemBasePublisher } from "./golem-base-publisher.ts";
import type { ReachabilityStatus } from "./node-reachability.ts";
import { loadPeerKey } from "./peer-key.ts";
import { startReachabilityChecker } from "./reachability-checker.ts";
import { loadWebRtcCertificate } from "./webrtc-certificate.ts";

/** Parameters of {@link startNodeDiscovery}. */
export type StartNodeDiscoveryParameters = {
  config: Pick<ProviderConfig, "dataDir" | "country" | "api" | "ssh" | "discovery" | "vms">;
  /** The payment key: signs adverts (and Golem Base transactions). */
  account: LocalAccount;
  settings: Pick<PaymentSettings, "chainId" | "streamPayment" | "token" | "prices">;
  /** What the node can give now. */
  budget: () => Promise<ResourceBudget>;
  /** Ports VMs hold (for the SSH port of the reachability check). */
  allocatedPorts: () => number[];
  log: (line: string) => void;
  /** Default the host's architecture. */
  platform?: string | undefined;
  /** How long the start check waits for a peer that serves dial-back, ms. Default 30 000. */
  reachabilityWaitMs?: number | undefined;
  /** How often free resources are compared with the advert, ms. Default 15 000. */
  resourcePollMs?: number | undefined;
};

/** The node's discovery; see {@link startNodeDiscovery}. */
export type NodeDiscovery = {
  peerId: string;
  /** The advert node (libp2p, store, gossip). */
  node: AdvertNode;
  /** Every held advert in wire form (own and heard), for `GET /api/v1/adverts`. */
  listAdverts(): SignedAdvertJson[];
  /** The advert published now. */
  current(): SignedAdvert;
  /** Re-reads free resources and publishes a new advert when they changed. */
  refresh(): Promise<void>;
  /**
   * Says from now on in the signed advert that this peer serves the provider API on libp2p
   * `protocol` (the advert's `libp2pApi`), and publishes it. Call once the handler is registered.
   */
  offerApiOverLibp2p(protocol: string): Promise<void>;
  /** Asks connected peers to dial the API port and one SSH port back; keeps and returns the result. */
  checkReachability(): Promise<ReachabilityStatus>;
  status(): DiscoveryStatus;
  stop(): Promise<void>;
};

const listenAddr = (host: string, transport: "tcp" | "ws" | "webrtc-direct", port: number) =>
  `/${isIP(host) === 6 ? "ip6" : "ip4"}/${host}${
    transport === "webrtc-direct"
      ? `/udp/${port}/webrtc-direct`
      : `/tcp/${port}${transport === "ws" ? "/ws" : ""}`
  }`;
const contentKey = (content: unknown) =>
  JSON.stringify(content, (_key, value) => (typeof value === "bigint" ? value.toString() : value));

/**
 * Starts the provider's libp2p advert node (TCP + WebSockets + WebRTC-direct for browsers, stable
 * identity from `<dataDir>/libp2p.key`, stable WebRTC-direct certhash from
 * `<dataDir>/webrtc-direct.pem`), publishes the signed advert at once, when free resources change
 * ({@link NodeDiscovery.refresh}, also polled) and every `discovery.advertIntervalSeconds`,
 * checks reachability by dial-back in the background (unless turned off) and, when enabled,
 * stores the advert in Golem Base. Fails with `PORT_IN_USE` when a listen port is taken.
 *
 * @example
 * const discovery = await startNodeDiscovery({ config, account, settings, budget: service.budget, allocatedPorts, log });
 * await discovery.refresh(); // after a VM is created
 */
export async function startNodeDiscovery(
  parameters: StartNodeDiscoveryParameters,
): Promise<NodeDiscovery> {
  const { config, account, settings, log } = parameters;
  const { discovery } = config;
  const platform = parameters.platform ?? advertPlatform();
  const apiUrl = nodeApiUrl(config);
  let libp2pApi: string | undefined;
  const contentOf = async () => ({
    ...advertContentOf({ config, budget: await parameters.budget(), settings, apiUrl, platform }),
    ...(libp2pApi === undefined ? {} : { libp2pApi }),
  });
  let content = await contentOf();
  const webrtc = await loadWebRtcCertificate(config.dataDir);
  if (webrtc.created) {
    log(
      `discovery: new WebRTC-direct certificate until ${webrtc.expiresAt.toISOString()}; bootstrap lists naming an older webrtc-direct address of this node need the new one`,
    );
  }
  let node: AdvertNode;
  try {
    node = await createAdvertNode({
      signer: account,
      content,
      privateKey: await loadPeerKey(config.dataDir),
      webRtcCertificate: webrtc.certificate,
      listen: [
        listenAddr(discovery.listenHost, "tcp", discovery.tcpPort),
        listenAddr(discovery.listenHost, "ws", discovery.wsPort),
        listenAddr(discovery.listenHost, "webrtc-direct", discovery.webrtcPort),
      ],
      announce: discovery.announce,
      bootstrap: discovery.bootstrap,
      accept: [
        { chainId: settings.chainId, streamPayment: settings.streamPayment, token: settings.token },
      ],
      republishIntervalMs: discovery.advertIntervalSeconds * 1000,
      dialBack: { allowPrivateTargets: discovery.allowPrivateDialBack },
    });
  } catch (error) {
    // node-datachannel reports a taken UDP port only as a failed ICE mux listener.
    const message = String((error as Error)?.message ?? error);
    if (!/EADDRINUSE|ICE UDP mux listener/.test(message)) throw error;
    throw new GolemError(
      "PORT_IN_USE",
      `libp2p port ${discovery.tcpPort} (TCP), ${discovery.wsPort} (WebSockets) or ${discovery.webrtcPort} (UDP, WebRTC-direct) on ${discovery.listenHost} is in use`,
      {
        cause: error,
        hints: [
          "stop the program using it, or set discovery.tcpPort / discovery.wsPort / discovery.webrtcPort (env GOLEM_PROVIDER_DISCOVERY_TCP_PORT / _WS_PORT / _WEBRTC_PORT)",
        ],
      },
    );
  }
  const peerId = node.libp2p.peerId.toString();
  log(`discovery: peer ${peerId} on ${node.multiaddrs().join(" ")}; advertising ${apiUrl}`);
  if (!config.country) log("discovery: country is not set; the advert says ZZ (unknown)");
  // Readers refuse private API hosts off dev chains: say so now, not through an empty market.
  const reachableUrl = checkApiUrl(apiUrl, { allowPrivateHosts: isDevChain(settings.chainId) });
  if (!reachableUrl.ok) {
    log(
      `discovery: readers will refuse this advert (${reachableUrl.message}); set api.publicHost (env GOLEM_PROVIDER_API_PUBLIC_HOST) to this node's public name or IP`,
    );
  }
  if (discovery.bootstrap.length === 0) {
    log("discovery: no bootstrap peers (discovery.bootstrap): only peers that dial in will hear");
  }

  let golemBase: GolemBasePublisher | undefined;
  let stopGolemBase = () => {};
  if (discovery.golemBase.enabled) {
    golemBase = createGolemBasePublisher({ ...discovery.golemBase, account, log });
    // A transaction per change and per round, not per mesh-driven republish.
    let sent = { key: "", at: 0 };
    const publishOwn = (signed: SignedAdvert) => {
      if (signed.advert.provider !== account.address) return;
      const { sequence: _s, issuedAt: _i, expiresAt: _e, ...stated } = signed.advert;
      const key = contentKey(stated);
      const roundMs = (discovery.advertIntervalSeconds * 1000) / 2;
      if (key === sent.key && Date.now() - sent.at < roundMs) return;
      sent = { key, at: Date.now() };
      void golemBase?.publish(signed);
    };
    publishOwn(node.current());
    stopGolemBase = node.store.onChange(publishOwn);
  }

  let refreshing: Promise<void> = Promise.resolve();
  const refresh = () => {
    refreshing = refreshing.then(async () => {
      const next = await contentOf();
      if (contentKey(next) === contentKey(content)) return;
      content = next;
      await node.update(next);
    });
    const done = refreshing;
    refreshing = refreshing.catch((error) => log(`discovery: republishing failed: ${error}`));
    return done;
  };
  const poll = setInterval(
    () => void refresh().catch(() => {}),
    parameters.resourcePollMs ?? 15_000,
  );
  poll.unref();

  const reachability = startReachabilityChecker({
    node,
    config,
    allocatedPorts: parameters.allocatedPorts,
    log,
    waitMs: parameters.reachabilityWaitMs,
  });

  return {
    peerId,
    node,
    listAdverts: () => node.listAdverts(),
    current: () => node.current(),
    refresh,
    offerApiOverLibp2p: (protocol) => {
      libp2pApi = protocol;
      return refresh();
    },
    checkReachability: reachability.check,
    status: () => {
      const current = node.current().advert;
      return {
        state: "running",
        reason: null,
        peerId,
        listenAddrs: node.multiaddrs(),
        peers: new Set(node.libp2p.getConnections().map((c) => c.remotePeer.toString())).size,
        adverts: node.store.list().length,
        lastPublishAt: new Date(current.issuedAt * 1000).toISOString(),
        advertExpiresAt: new Date(current.expiresAt * 1000).toISOString(),
        reachability: reachability.status(),
        golemBase: golemBase?.status() ?? null,
      };
    },
    async stop() {
      clearInterval(poll);
      stopGolemBase();
      await reachability.stop();
      await refreshing;
      await golemBase?.idle();
      await node.stop();
    },
  };
}
