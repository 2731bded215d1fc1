import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { verifyAdvert } from "@vm-on-golem/sdk/advert";
import {
  createDiscoveryClient,
  type DiscoveryClient,
  fetchAdvertsHttp,
} from "@vm-on-golem/sdk/discovery";
import { type AdvertNode, createAdvertNode } from "@vm-on-golem/sdk/discovery/node";
import { createProviderClient } from "@vm-on-golem/sdk/provider-client";
import { createLibp2pTransport } from "@vm-on-golem/sdk/provider-client/libp2p";
import { testAdvertContent, testProvider } from "@vm-on-golem/sdk/test-support/test-adverts";
import {
  LOOPBACK_LISTEN,
  tcpAddress,
  waitFor,
  wsAddress,
} from "@vm-on-golem/sdk/test-support/test-network";
import { getAddress } from "viem";
import { afterAll, beforeAll, expect, test } from "vitest";
import { freePort, freePortRange } from "../../../scripts/lib/free-port.ts";
import { createFakeDriver } from "../../test/support/fake-driver.ts";
import { createPaidChain, type PaidChain, siweSignerOf } from "../../test/support/paid-chain.ts";
import { signSiwe } from "../../test/support/siwe.ts";
import { operatorRequest } from "../cli/operator-client.ts";
import { loadProviderConfig } from "../config/load-provider-config.ts";
import { runtimePaths } from "./pid-file.ts";
import { type ProviderNode, startProviderNode } from "./start-provider-node.ts";

// The whole node with payments on, over a real in-process chain (its client handed in); the
// fake VM driver, because the VM is not the subject: the wiring of keys, offers, the stream
// check, the monitor, discovery and the operator socket is.
let chain: PaidChain;
let client: DiscoveryClient | undefined;
let peer: AdvertNode | undefined;
let dir: string;
let node: ProviderNode | undefined;
const driver = createFakeDriver();
beforeAll(async () => {
  chain = await createPaidChain();
  dir = await mkdtemp(join(tmpdir(), "paid-node-"));
}, 120_000);
afterAll(async () => {
  await client?.stop();
  await node?.close();
  await peer?.stop();
  await driver.shutdown();
  await rm(dir, { recursive: true, force: true });
});

test("a paid node advertises itself, quotes, checks the stream on chain, and lists it on the operator socket", async () => {
  const deployments = join(dir, "deployments");
  await mkdir(deployments);
  const { deployment } = chain;
  await writeFile(
    join(deployments, `${deployment.chainId}.json`),
    JSON.stringify(deployment, (_k, v) => (typeof v === "bigint" ? Number(v) : v)),
  );
  const ssh = await freePortRange(10);
  const host = await freePortRange(10, [ssh]);
  // Another provider's node, the one the node bootstraps to; it dials back loopback addresses
  // (allowed for tests only: on a real network those would be the checker's own).
  const {
    peerId: _p,
    multiaddrs: _m,
    ...content
  } = testAdvertContent({
    chainId: deployment.chainId,
    streamPayment: getAddress(deployment.contracts.StreamPayment.address),
    token: getAddress(deployment.contracts.GLM.address),
  });
  peer = await createAdvertNode({
    signer: testProvider(),
    content,
    accept: [{ chainId: deployment.chainId }],
    listen: LOOPBACK_LISTEN,
    autonat: false,
    dialBack: { allowPrivateTargets: true, perIpPerMinute: 100 },
  });
  const { config } = await loadProviderConfig({
    homeDir: dir,
    flags: {
      dataDir: join(dir, "data"),
      api: { host: "127.0.0.1", port: await freePort() },
      ssh: {
        bindHost: "127.0.0.1",
        portRangeStart: ssh,
        portRangeEnd: ssh + 10,
        hostPortRangeStart: host,
        hostPortRangeEnd: host + 10,
      },
      payments: { enabled: true, chainId: deployment.chainId, deploymentsDir: deployments },
      pricing: { perCoreHour: "3600000000000" },
      discovery: {
        listenHost: "127.0.0.1",
        tcpPort: 0,
        wsPort: 0,
        webrtcPort: 0,
        bootstrap: [tcpAddress(peer)],
      },
    },
  });
  node = await startProviderNode({
    config,
    driver,
    version: "0.0.0-test",
    log: () => {},
    apiLogger: false,
    privateKey: chain.providerKey,
    chainClient: chain.publicClient,
  });
  const api = node.api;

  // A requestor's discovery client (WebSockets, bootstrapped to the node) gets its signed advert.
  const accept = [
    {
      chainId: deployment.chainId,
      streamPayment: getAddress(deployment.contracts.StreamPayment.address),
    },
  ];
  const discovery = node.discovery;
  if (!discovery) throw new Error("discovery did not start on a paid node");
  client = await createDiscoveryClient({ bootstrap: [wsAddress(discovery.node)], accept });
  const provider = chain.providerAccount.address;
  await waitFor(() => client?.store.get(provider) !== undefined, 15_000, "the node's advert");
  const before = client.store.get(provider)?.advert;
  expect(before).toMatchObject({
    apiUrl: `http://127.0.0.1:${config.api.port}`,
    prices: { perCoreHour: 3_600_000_000_000n },
    sshPorts: { first: ssh, last: ssh + 9 },
  });
  // The daemon serves the same API on that libp2p host and its signed advert says so.
  await waitFor(
    () => client?.store.get(provider)?.advert.libp2pApi === "/http/1.1",
    15_000,
    "the advert offering the API over libp2p",
  );
  // The requestor's node (WebSockets) reads provider info there, answered by the advertised
  // peer, as over HTTP.
  const overLibp2p = createProviderClient({
    baseUrl: `http://127.0.0.1:${config.api.port}`,
    transport: createLibp2pTransport({
      libp2p: client.libp2p,
      multiaddrs: [wsAddress(discovery.node)],
    }),
  });
  expect(await overLibp2p.providerInfo()).toEqual(
    (await api.inject({ method: "GET", url: "/api/v1/provider/info" })).json(),
  );
  expect(overLibp2p.remotePeerId()).toBe(before?.peerId);
  const freeCpu = before?.resources.free.cpu ?? 0;
  const hostHeader = { host: "provider.test:7466" };
  const nonce = (
    await api.inject({ method: "POST", url: "/api/v1/auth/nonce", headers: hostHeader })
  ).json();
  const signed = await signSiwe({
    account: siweSignerOf(chain.requestor),
    domain: nonce.domain,
    nonce: nonce.nonce,
    chainId: nonce.chainId,
    peerId: nonce.peerId,
  });
  const { token } = (
    await api.inject({
      method: "POST",
      url: "/api/v1/auth/verify",
      headers: hostHeader,
      payload: signed,
    })
  ).json();
  const headers = { ...hostHeader, authorization: `Bearer ${token}` };

  const offer = (
    await api.inject({
      method: "POST",
      url: "/api/v1/offers",
      headers,
      payload: { cpu: 1, memoryGiB: 1, storageGiB: 10 },
    })
  ).json();
  expect(offer.offer).toMatchObject({
    provider: chain.providerAccount.address,
    contract: getAddress(deployment.contracts.StreamPayment.address),
    ratePerSecond: "1000000000",
  });
  const streamId = await chain.openStream(chain.requestor, {
    recipient: chain.providerAccount.address,
    ratePerSecond: 1_000_000_000n,
    seconds: 7200n,
    serviceId: offer.serviceId,
  });
  const body = {
    name: "web",
    cpu: 1,
    memoryGiB: 1,
    storageGiB: 10,
    sshPublicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKey test@host",
  };
  const unpaid = await api.inject({ method: "POST", url: "/api/v1/vms", headers, payload: body });
  expect(unpaid.json().error.code).toBe("OFFER_INVALID");
  const created = await api.inject({
    method: "POST",
    url: "/api/v1/vms",
    headers,
    payload: { ...body, offer: { offer: offer.offer, signature: offer.signature }, streamId },
  });
  expect(created.statusCode, created.body).toBe(202);
  // The VM reserved a core: the client hears the new advert.
  await waitFor(
    () => client?.store.get(provider)?.advert.resources.free.cpu === freeCpu - 1,
    15_000,
    "the advert after the create",
  );

  // GET /api/v1/adverts over real HTTP: adverts that verify with the sdk verifier.
  const served = await fetchAdvertsHttp({ url: `http://127.0.0.1:${config.api.port}` });
  expect(served.length).toBeGreaterThan(0);
  for (const advert of served) {
    const verified = await verifyAdvert(advert, { accept });
    expect(verified.ok, verified.ok ? "" : verified.message).toBe(true);
  }

  const socket = runtimePaths(config.dataDir).operatorSocket;
  const streams = await operatorRequest<Array<{ vmId: string; streamId: string }>>(
    socket,
    "GET",
    "/payments/streams",
  );
  expect(streams).toMatchObject([{ vmId: created.json().id, streamId }]);
  const status = await operatorRequest<{
    payments?: { monitor: { state: string } };
    discovery?: { state: string; peerId: string; peers: number; lastPublishAt: string };
  }>(socket, "GET", "/status");
  expect(status.payments?.monitor.state).toMatch(/^(ok|idle)$/);
  expect(status.discovery).toMatchObject({ state: "running", peerId: discovery.peerId });
  expect(status.discovery?.peers).toBeGreaterThanOrEqual(1);

  // The start check: the bootstrap peer dialled the API port and an SSH port back.
  const reachable = async () =>
    (
      await operatorRequest<{
        ports: { provider: { external: string }; ssh: { external: string } };
      }>(socket, "GET", "/status")
    ).ports;
  let ports = await reachable();
  const deadline = Date.now() + 30_000;
  while (ports.provider.external !== "reachable" && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    ports = await reachable();
  }
  expect(ports).toMatchObject({
    provider: { external: "reachable" },
    ssh: { external: "reachable" },
  });
});
