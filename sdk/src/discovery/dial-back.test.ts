import type { AddressInfo } from "node:net";
import { createServer, type Server } from "node:net";
import { tcp } from "@libp2p/tcp";
import { webSockets } from "@libp2p/websockets";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_ACCEPT, testAdvertContent, testProvider } from "../../test-support/test-adverts.ts";
import { LOOPBACK_LISTEN, stopAll, tcpAddress, waitFor } from "../../test-support/test-network.ts";
import { type AdvertNode, createAdvertNode } from "./create-advert-node.ts";
import { createGossipPeer, type GossipPeer } from "./create-gossip-peer.ts";
import { handleDialBack, requestDialBack } from "./dial-back.ts";
import { DIAL_BACK_PROTOCOL } from "./discovery-protocols.ts";

const servers: Server[] = [];
let checker: GossipPeer;
let strict: GossipPeer;
let node: AdvertNode;
const extra: GossipPeer[] = [];
let apiPort: number;
let sshPort: number;

async function listen(onConnection: (socket: import("node:net").Socket) => void): Promise<number> {
  const server = createServer(onConnection);
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return (server.address() as AddressInfo).port;
}

const peerOptions = {
  transports: [tcp(), webSockets()],
  listen: LOOPBACK_LISTEN,
  accept: TEST_ACCEPT,
};

describe("dial-back reachability over real libp2p on loopback", () => {
  beforeAll(async () => {
    apiPort = await listen((socket) => socket.end());
    sshPort = await listen((socket) => socket.end("SSH-2.0-OpenSSH_9.6p1 Debian\r\n"));
    // A peer that allows loopback targets (tests only) and one with the default (refuses them).
    checker = await createGossipPeer(peerOptions);
    await handleDialBack(checker.libp2p, { allowPrivateTargets: true, perIpPerMinute: 100 });
    strict = await createGossipPeer(peerOptions);
    await handleDialBack(strict.libp2p);
    const { peerId: _p, multiaddrs: _m, ...content } = testAdvertContent();
    node = await createAdvertNode({
      ...peerOptions,
      signer: testProvider(),
      content: {
        ...content,
        apiUrl: `http://127.0.0.1:${apiPort}`,
        sshPorts: { first: sshPort, last: sshPort },
      },
      bootstrap: [tcpAddress(checker), tcpAddress(strict)],
      bootstrapDelayMs: 0,
      autonat: false,
      dialBack: false,
    });
    // Dial-back is asked only of peers whose identify listed the protocol.
    let identified = 0;
    const poll = setInterval(async () => {
      const peers = await node.libp2p.peerStore.all();
      identified = peers.filter((p) => p.protocols.includes(DIAL_BACK_PROTOCOL)).length;
    }, 20);
    await waitFor(() => identified >= 2, 10_000, "both checkers identified").finally(() =>
      clearInterval(poll),
    );
  }, 30_000);

  afterAll(async () => {
    await stopAll([node, checker, strict, ...extra].filter(Boolean));
    for (const server of servers) server.close();
  });

  it("reports the API and SSH ports open locally and from outside, with the SSH banner", async () => {
    const report = await node.checkReachability({ sshPort });
    expect(report.local.api).toEqual({ port: apiPort, open: true });
    expect(report.local.ssh).toMatchObject({
      port: sshPort,
      open: true,
      banner: "SSH-2.0-OpenSSH_9.6p1 Debian",
    });
    expect(report.external.api).toEqual({ port: apiPort, open: true });
    expect(report.external.ssh?.banner).toBe("SSH-2.0-OpenSSH_9.6p1 Debian");
    expect(report.external.ip).toBe("127.0.0.1");
    expect(report.external.checkedBy).toEqual([checker.libp2p.peerId.toString()]);
    // The default limits refuse to dial a loopback address (it could be the checker's own host).
    expect(report.external.errors).toEqual([expect.stringContaining("address is private")]);
  }, 20_000);

  it("reports a closed port as not reachable", async () => {
    const closed = await listen((socket) => socket.end());
    servers.at(-1)?.close();
    await node.update({ apiUrl: `http://127.0.0.1:${closed}` });
    const report = await node.checkReachability();
    expect(report.external.api).toEqual({ port: closed, open: false });
    await node.update({ apiUrl: `http://127.0.0.1:${apiPort}` });
  }, 20_000);

  it("refuses ports the requester's signed advert does not claim, and another peer's advert", async () => {
    const ask = (ports: { port: number; kind: "api" | "ssh" }[]) =>
      requestDialBack({
        libp2p: node.libp2p,
        peer: checker.libp2p.peerId,
        signed: node.current(),
        ports,
      });
    expect(await ask([{ port: 22, kind: "ssh" }])).toMatchObject({
      ok: false,
      error: expect.stringContaining("range"),
    });
    expect(await ask([{ port: 8080, kind: "api" }])).toMatchObject({ ok: false });
    const tooMany = await ask([
      { port: sshPort, kind: "ssh" },
      { port: sshPort, kind: "ssh" },
    ]);
    expect(tooMany).toMatchObject({ ok: false, error: expect.stringContaining("at most") });
    // Another peer sends the node's advert: its peer id is not the requester's.
    await checker.libp2p.dial(strict.libp2p.getMultiaddrs());
    const stolen = await requestDialBack({
      libp2p: checker.libp2p,
      peer: strict.libp2p.peerId,
      signed: node.current(),
      ports: [{ port: apiPort, kind: "api" }],
    });
    expect(stolen).toEqual({ ok: false, error: "advert is not the requester's" });
  }, 20_000);

  it("rate-limits requests per IP", async () => {
    const limited = await createGossipPeer(peerOptions);
    extra.push(limited);
    await handleDialBack(limited.libp2p, { allowPrivateTargets: true, perIpPerMinute: 2 });
    await node.libp2p.dial(limited.libp2p.getMultiaddrs());
    const ask = () =>
      requestDialBack({
        libp2p: node.libp2p,
        peer: limited.libp2p.peerId,
        signed: node.current(),
        ports: [{ port: apiPort, kind: "api" }],
      });
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await ask());
    expect(answers.map((a) => a.ok)).toEqual([true, true, false]);
    expect(answers[2]).toEqual({ ok: false, error: "rate limited; try later" });
  }, 20_000);
});
