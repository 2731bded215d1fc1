import { noise } from "@chainsafe/libp2p-noise";
import { yamux } from "@chainsafe/libp2p-yamux";
import type { Libp2p, Stream } from "@libp2p/interface";
import { tcp } from "@libp2p/tcp";
import { createLibp2p } from "libp2p";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { isGolemError } from "../errors/golem-error.ts";
import { createProviderClient } from "./create-provider-client.ts";
import { createLibp2pTransport, HTTP_OVER_LIBP2P_PROTOCOL } from "./libp2p-transport.ts";
import { requestJson } from "./request-json.ts";

// A hostile provider: a real libp2p node (TCP on 127.0.0.1) whose /http/1.1 handler writes raw
// bytes the test chooses. The client must read what a provider sends only up to its caps, stop
// waiting at its timeout, and reset the stream either way.
const tcpNode = (listen: string[]) =>
  createLibp2p({
    addresses: { listen },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
  });

type Behaviour = "echo" | "endless" | "silent";
let behaviour: Behaviour = "echo";
const aborted: Error[] = [];
let provider: Libp2p;
let requestor: Libp2p;

/** Reads one request (head + Content-Length body) off the stream. */
function readRequest(stream: Stream): Promise<{ head: string; body: Uint8Array }> {
  return new Promise((resolve) => {
    let bytes = new Uint8Array(0);
    stream.addEventListener("message", (event) => {
      const chunk = event.data.subarray();
      const next = new Uint8Array(bytes.length + chunk.length);
      next.set(bytes);
      next.set(chunk, bytes.length);
      bytes = next;
      const text = new TextDecoder("latin1").decode(bytes);
      const end = text.indexOf("\r\n\r\n");
      if (end < 0) return;
      const head = text.slice(0, end);
      const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? 0);
      if (bytes.length >= end + 4 + length) {
        resolve({ head, body: bytes.slice(end + 4, end + 4 + length) });
      }
    });
  });
}

function answer(stream: Stream, status: number, body: string): void {
  const bytes = new TextEncoder().encode(body);
  stream.send(
    new TextEncoder().encode(
      `HTTP/1.1 ${status} X\r\ncontent-type: application/json\r\ncontent-length: ${bytes.length}\r\nconnection: close\r\n\r\n`,
    ),
  );
  stream.send(bytes);
  void stream.close().catch(() => {});
}

beforeAll(async () => {
  provider = await tcpNode(["/ip4/127.0.0.1/tcp/0"]);
  requestor = await tcpNode([]);
  await provider.handle(HTTP_OVER_LIBP2P_PROTOCOL, async (stream) => {
    stream.addEventListener("close", (event) => {
      if (event.error) aborted.push(event.error);
    });
    const { head, body } = await readRequest(stream);
    if (behaviour === "silent") return;
    if (behaviour === "endless") {
      stream.send(
        new TextEncoder().encode("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n"),
      );
      const piece = new TextEncoder().encode(`10000\r\n${"x".repeat(0x10000)}\r\n`);
      while (stream.status === "open") {
        if (!stream.send(piece)) await stream.onDrain().catch(() => {});
        // Both nodes share this process: let the client read.
        await new Promise((resolve) => setImmediate(resolve));
      }
      return;
    }
    const [requestLine = "", ...headers] = head.split("\r\n");
    const header = (name: string) =>
      headers
        .find((h) => h.toLowerCase().startsWith(`${name}:`))
        ?.slice(name.length + 1)
        .trim();
    answer(
      stream,
      200,
      JSON.stringify({
        requestLine,
        host: header("host"),
        contentType: header("content-type") ?? null,
        contentLength: header("content-length") ?? null,
        body: new TextDecoder().decode(body),
      }),
    );
  });
});

afterAll(async () => {
  await requestor?.stop();
  await provider?.stop();
});

const echoSchema = z.object({
  requestLine: z.string(),
  host: z.string(),
  contentType: z.string().nullable(),
  contentLength: z.string().nullable(),
  body: z.string(),
});

const transportTo = () =>
  createLibp2pTransport({ libp2p: requestor, multiaddrs: provider.getMultiaddrs() });

describe("createLibp2pTransport (a provider's libp2p node written byte by byte)", () => {
  it("sends a JSON body typed and sized in bytes, the query string, and the Host with its port", async () => {
    behaviour = "echo";
    const transport = transportTo();
    const body = { name: "wébsite-ü", note: "€" };
    const echo = await requestJson({
      baseUrl: "http://provider.example:7466",
      method: "POST",
      path: "/vms/x/console?bytes=10",
      answer: echoSchema,
      body,
      fetch: transport.fetch,
      timeoutMs: 10_000,
    });
    const sent = JSON.stringify(body);
    expect(echo).toEqual({
      requestLine: "POST /api/v1/vms/x/console?bytes=10 HTTP/1.1",
      host: "provider.example:7466",
      contentType: "application/json",
      contentLength: String(new TextEncoder().encode(sent).length),
      body: sent,
    });
    expect(transport.remotePeerId()).toBe(provider.peerId.toString());
  });

  it("stops reading an endless answer at the client's cap and resets the stream", async () => {
    behaviour = "endless";
    const before = aborted.length;
    const client = createProviderClient({
      baseUrl: "http://provider.example:7466",
      transport: transportTo(),
      timeoutMs: 10_000,
    });
    const error = await client.providerInfo().catch((e: unknown) => e);
    expect(isGolemError(error, "PROVIDER_BAD_RESPONSE")).toBe(true);
    await expect.poll(() => aborted.length).toBeGreaterThan(before);
  });

  it("gives up on a provider that never answers at the timeout, and resets the stream", async () => {
    behaviour = "silent";
    const before = aborted.length;
    const client = createProviderClient({
      baseUrl: "http://provider.example:7466",
      transport: transportTo(),
      timeoutMs: 500,
    });
    const started = Date.now();
    const error = await client.providerInfo().catch((e: unknown) => e);
    expect(isGolemError(error, "PROVIDER_UNREACHABLE")).toBe(true);
    expect(Date.now() - started).toBeLessThan(5000);
    await expect.poll(() => aborted.length).toBeGreaterThan(before);
  });

  it("fails fast, not at the timeout, on a peer that does not serve the API", async () => {
    const bare = await tcpNode(["/ip4/127.0.0.1/tcp/0"]);
    try {
      const client = createProviderClient({
        baseUrl: "http://provider.example:7466",
        transport: createLibp2pTransport({ libp2p: requestor, multiaddrs: bare.getMultiaddrs() }),
        timeoutMs: 20_000,
      });
      const started = Date.now();
      const error = await client.providerInfo().catch((e: unknown) => e);
      expect(isGolemError(error, "PROVIDER_UNREACHABLE")).toBe(true);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await bare.stop();
    }
  });

  it("refuses addresses that do not all name one peer", () => {
    const [address] = provider.getMultiaddrs();
    expect(() =>
      createLibp2pTransport({ libp2p: requestor, multiaddrs: ["/ip4/127.0.0.1/tcp/1"] }),
    ).toThrow(/\/p2p\//);
    expect(() =>
      createLibp2pTransport({
        libp2p: requestor,
        multiaddrs: [String(address), `/ip4/127.0.0.1/tcp/2/p2p/${requestor.peerId}`],
      }),
    ).toThrow(/same peer/);
  });
});
