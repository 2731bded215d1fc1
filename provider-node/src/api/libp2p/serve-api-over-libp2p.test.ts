import { request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { noise } from "@chainsafe/libp2p-noise";
import { yamux } from "@chainsafe/libp2p-yamux";
import type { Libp2p, Stream } from "@libp2p/interface";
import { tcp } from "@libp2p/tcp";
import { isGolemError } from "@vm-on-golem/sdk/errors";
import { createProviderClient } from "@vm-on-golem/sdk/provider-client";
import {
  createLibp2pTransport,
  HTTP_OVER_LIBP2P_PROTOCOL,
} from "@vm-on-golem/sdk/provider-client/libp2p";
import Fastify from "fastify";
import { createLibp2p } from "libp2p";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type ApiHarness, createApiHarness, testHost } from "../../../test/support/api-harness.ts";
import { randomAccount } from "../../../test/support/siwe.ts";
import { remotePeerOf, serveApiOverLibp2p } from "./serve-api-over-libp2p.ts";

// Two real libp2p nodes (TCP on 127.0.0.1, noise, yamux): the provider's serves the real API app
// (fake VM driver, real SQLite and SIWE), which also listens over HTTP for the side-by-side answers.
const tcpNode = (listen: string[]) =>
  createLibp2p({
    addresses: { listen },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
  });

const limits = { bodyLimitBytes: 16 * 1024, requestTimeoutSeconds: 2, authRateLimitPerMinute: 6 };
let h: ApiHarness;
let provider: Libp2p;
let requestor: Libp2p;
let httpPort = 0;

beforeAll(async () => {
  h = await createApiHarness({ api: limits, peerId: () => provider?.peerId.toString() });
  await h.app.listen({ host: "127.0.0.1", port: 0 });
  httpPort = (h.app.server.address() as AddressInfo).port;
  provider = await tcpNode(["/ip4/127.0.0.1/tcp/0"]);
  requestor = await tcpNode([]);
  await serveApiOverLibp2p({ libp2p: provider, app: h.app, maxStreamsPerConnection: 4 });
});

afterAll(async () => {
  await requestor?.stop();
  await provider?.stop();
  await h?.close();
});

const overLibp2p = (signer = randomAccount()) =>
  createProviderClient({
    baseUrl: `http://${testHost}`,
    signer,
    transport: createLibp2pTransport({ libp2p: requestor, multiaddrs: provider.getMultiaddrs() }),
    timeoutMs: 10_000,
  });

/** One request over the real HTTP listener, with the Host the harness signs in for. */
const overHttp = (path: string, token?: string) =>
  new Promise<{ status: number; body: unknown }>((resolve, reject) => {
    const headers: Record<string, string> = { host: testHost };
    if (token) headers.authorization = `Bearer ${token}`;
    const req = httpRequest({ host: "127.0.0.1", port: httpPort, path, headers }, (res) => {
      let text = "";
      res.on("data", (chunk) => {
        text += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on("error", reject);
    req.end();
  });

/**
 * Raw bytes on one `/http/1.1` stream, as a hostile peer sends them, and all it got back once the
 * provider closed its side (the peer keeps its own side open: a half-close aborts the request).
 */
async function rawExchange(bytes: string) {
  const stream: Stream = await requestor.dialProtocol(
    provider.getMultiaddrs(),
    HTTP_OVER_LIBP2P_PROTOCOL,
  );
  let text = "";
  stream.addEventListener("message", (event) => {
    text += new TextDecoder().decode(event.data.subarray());
  });
  const answered = new Promise<void>((resolve) => {
    stream.addEventListener("remoteCloseWrite", () => resolve());
    stream.addEventListener("close", () => resolve());
  });
  stream.send(new TextEncoder().encode(bytes));
  await answered;
  await stream.close().catch(() => {});
  const [head = "", body = ""] = text.split("\r\n\r\n");
  return { status: Number(head.split(" ")[1]), head, body };
}

describe("the provider API over libp2p (two real nodes, TCP on 127.0.0.1)", () => {
  test("provider info answers over libp2p as over HTTP, and the client sees the provider's peer id", async () => {
    const client = overLibp2p();
    expect(client.transport).toBe("libp2p");
    const info = await client.providerInfo();
    expect(info).toEqual((await overHttp("/api/v1/provider/info")).body);
    expect(client.remotePeerId()).toBe(provider.peerId.toString());
  });

  test("a SIWE sign-in over libp2p opens a session; its routes answer as over HTTP", async () => {
    const client = overLibp2p();
    const { token } = await client.signIn();
    const vm = await client.createVm({
      name: "p2p-web",
      cpu: 1,
      memoryGiB: 0.5,
      storageGiB: 2,
      sshPublicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKey test@host",
    });
    // Compare once the fake guest is up, so both answers see the same state.
    await expect.poll(async () => (await client.getVm(vm.id)).status).toBe("running");
    const listed = await client.listVms();
    expect(listed.map((v) => v.id)).toEqual([vm.id]);
    expect(listed).toEqual((await overHttp("/api/v1/vms", token)).body);
    // The query string crosses too (http-fetch alone writes the path only).
    const tail = await client.vmConsole(vm.id, { bytes: 10 });
    expect(tail.bytes).toBeLessThanOrEqual(10);
    expect(tail).toEqual((await overHttp(`/api/v1/vms/${vm.id}/console?bytes=10`, token)).body);
    // The error envelope is the same GolemError on both transports.
    const missing = await client.getVm("no-such-vm").catch((e: unknown) => e);
    expect(isGolemError(missing, "VM_NOT_FOUND")).toBe(true);
    const overTcp = await overHttp("/api/v1/vms/no-such-vm", token);
    expect(overTcp.status).toBe(404);
    expect((missing as { toJSON(): unknown }).toJSON()).toEqual(overTcp.body);
  });

  test("a request larger than the body limit is refused with the envelope (413)", async () => {
    const body = JSON.stringify({ message: "x".repeat(limits.bodyLimitBytes), signature: "0x" });
    const answer = await rawExchange(
      `POST /api/v1/auth/verify HTTP/1.1\r\nhost: ${testHost}\r\nconnection: close\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n${body}`,
    );
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).error.code).toBe("VALIDATION_FAILED");
  });

  test("a hostile peer: garbage, a request that never ends, and a sign-in flood are each refused", async () => {
    const garbage = await rawExchange("\u0000\u0001 not http at all\r\n\r\n");
    expect(garbage.status).toBe(400);
    expect(JSON.parse(garbage.body).error.code).toBe("VALIDATION_FAILED");

    // Half a request head, then silence: Node's request timeout answers 408 and closes the stream.
    const started = Date.now();
    const stalled = await rawExchange(
      `GET /api/v1/provider/info HTTP/1.1\r\nhost: ${testHost}\r\n`,
    );
    expect(stalled.status).toBe(408);
    expect(JSON.parse(stalled.body).error.code).toBeDefined();
    expect(Date.now() - started).toBeLessThan(limits.requestTimeoutSeconds * 1000 + 3000);

    // The per-IP sign-in limit holds for the peer's address: the 7th nonce in a minute is refused.
    const nonce = `POST /api/v1/auth/nonce HTTP/1.1\r\nhost: ${testHost}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`;
    const statuses: number[] = [];
    for (let i = 0; i < limits.authRateLimitPerMinute + 1; i++) {
      statuses.push((await rawExchange(nonce)).status);
    }
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.slice(0, -1).every((s) => s === 200 || s === 429)).toBe(true);
  });

  test("a peer holding its streams open gets no more than the per-connection cap", async () => {
    const open = (): Promise<Stream> =>
      requestor.dialProtocol(provider.getMultiaddrs(), HTTP_OVER_LIBP2P_PROTOCOL);
    const held = await Promise.all([open(), open(), open(), open()]);
    for (const stream of held) {
      stream.send(new TextEncoder().encode(`GET /api/v1/provider/info HTTP/1.1\r\n`));
    }
    // The 5th is reset by the provider before any byte of it reaches the API.
    const fifth = await open().then(
      (stream) =>
        new Promise<string>((resolve) => {
          stream.addEventListener("close", (event) => resolve(event.error ? "reset" : "closed"));
          if (stream.status !== "open") return resolve("reset");
          stream.send(new TextEncoder().encode("GET /api/v1/provider/info HTTP/1.1\r\n\r\n"));
        }),
      () => "refused",
    );
    expect(["reset", "refused"]).toContain(fifth);
    for (const stream of held) stream.abort(new Error("done"));
    // Once they are gone, the peer is served again.
    await expect
      .poll(
        async () =>
          await overLibp2p()
            .providerInfo()
            .then(
              () => "ok",
              () => "no",
            ),
        {
          timeout: 5000,
        },
      )
      .toBe("ok");
  });

  test("a client that dials the provider's address under another peer id gets no answer but PROVIDER_IDENTITY_MISMATCH", async () => {
    const stranger = await tcpNode([]);
    try {
      const wrongPeer = String(provider.getMultiaddrs()[0]).replace(
        provider.peerId.toString(),
        stranger.peerId.toString(),
      );
      const client = createProviderClient({
        baseUrl: `http://${testHost}`,
        transport: createLibp2pTransport({ libp2p: requestor, multiaddrs: [wrongPeer] }),
        timeoutMs: 5000,
      });
      const error = await client.providerInfo().catch((e: unknown) => e);
      expect(isGolemError(error, "PROVIDER_IDENTITY_MISMATCH")).toBe(true);
      expect((error as Error).message).toContain(provider.peerId.toString());
    } finally {
      await stranger.stop();
    }
  });
});

describe("the node-wide stream cap", () => {
  test("streams past the total are reset at once, whoever opens them", async () => {
    const app = Fastify();
    app.get("/ok", async () => ({ ok: true }));
    await app.listen({ host: "127.0.0.1", port: 0 });
    const node = await tcpNode(["/ip4/127.0.0.1/tcp/0"]);
    const other = await tcpNode([]);
    try {
      await serveApiOverLibp2p({ libp2p: node, app, maxStreams: 2 });
      // Two peers hold one half-sent request each: the node's total is reached.
      const held = await Promise.all(
        [requestor, other].map(async (peer) => {
          const stream = await peer.dialProtocol(node.getMultiaddrs(), HTTP_OVER_LIBP2P_PROTOCOL);
          stream.send(new TextEncoder().encode("GET /ok HTTP/1.1\r\n"));
          return stream;
        }),
      );
      const transport = createLibp2pTransport({ libp2p: other, multiaddrs: node.getMultiaddrs() });
      const third = await transport.fetch("http://node.test/ok").then(
        () => "answered",
        () => "reset",
      );
      expect(third).toBe("reset");
      for (const stream of held) stream.abort(new Error("done"));
      await expect
        .poll(() =>
          transport.fetch("http://node.test/ok").then(
            (r) => r.status,
            () => 0,
          ),
        )
        .toBe(200);
    } finally {
      await other.stop();
      await node.stop();
      await app.close();
    }
  });
});

describe("remotePeerOf", () => {
  test("gives a route the peer id the connection authenticated, and nothing over plain HTTP", async () => {
    const app = Fastify();
    app.get("/whoami", async (request) => ({ peer: remotePeerOf(request) ?? null }));
    await app.listen({ host: "127.0.0.1", port: 0 });
    const node = await tcpNode(["/ip4/127.0.0.1/tcp/0"]);
    try {
      await serveApiOverLibp2p({ libp2p: node, app });
      const transport = createLibp2pTransport({
        libp2p: requestor,
        multiaddrs: node.getMultiaddrs(),
      });
      const spoofed = { "x-libp2p-peer": "12D3KooWspoofed" };
      const p2p = await transport.fetch("http://whoami.test/whoami", { headers: spoofed });
      expect(await p2p.json()).toEqual({ peer: requestor.peerId.toString() });
      const plain = await app.inject({ url: "/whoami", headers: spoofed });
      expect(plain.json()).toEqual({ peer: null });
    } finally {
      await node.stop();
      await app.close();
    }
  });
});
