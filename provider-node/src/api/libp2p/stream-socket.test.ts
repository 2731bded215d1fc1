import { noise } from "@chainsafe/libp2p-noise";
import { yamux } from "@chainsafe/libp2p-yamux";
import type { Libp2p, Stream } from "@libp2p/interface";
import { tcp } from "@libp2p/tcp";
import { createLibp2p } from "libp2p";
import { afterAll, beforeAll, expect, test } from "vitest";
import { StreamSocket } from "./stream-socket.ts";

// Two real libp2p nodes (TCP on 127.0.0.1): the receiving side wraps its stream in a StreamSocket
// that nobody reads, as the HTTP server does while it waits on a pipelining peer.
const tcpNode = (listen: string[]) =>
  createLibp2p({
    addresses: { listen },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
  });

let receiver: Libp2p;
let sender: Libp2p;
const sockets: StreamSocket[] = [];

beforeAll(async () => {
  receiver = await tcpNode(["/ip4/127.0.0.1/tcp/0"]);
  sender = await tcpNode([]);
  await receiver.handle("/socket-test/1", (stream, connection) => {
    const socket = new StreamSocket(stream, connection);
    socket.on("error", () => {});
    // One read starts the flow, then nobody reads.
    socket.read(0);
    sockets.push(socket);
  });
});

afterAll(async () => {
  await sender?.stop();
  await receiver?.stop();
});

test("a peer sending to a socket nobody reads fills bounded buffers, not the node's memory", async () => {
  const stream: Stream = await sender.dialProtocol(receiver.getMultiaddrs(), "/socket-test/1");
  const chunk = new Uint8Array(64 * 1024);
  const total = 16 * 1024 * 1024;
  let sent = 0;
  const pushing = (async () => {
    while (sent < total && stream.status === "open") {
      const accepted = stream.send(chunk);
      sent += chunk.byteLength;
      if (!accepted) await stream.onDrain().catch(() => {});
    }
  })();
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const [socket] = sockets;
  expect(socket).toBeDefined();
  // The socket holds about its high-water mark (one message past it at most), and the peer
  // is held back (or reset) long before it has sent 16 MiB.
  expect(socket?.readableLength ?? 0).toBeLessThan(1024 * 1024);
  expect(sent).toBeLessThan(total);
  stream.abort(new Error("test over"));
  await pushing;
});

test("the socket's remote address is the connection's IP, and its peer the authenticated one", async () => {
  const stream: Stream = await sender.dialProtocol(receiver.getMultiaddrs(), "/socket-test/1");
  stream.send(new Uint8Array([1]));
  await expect.poll(() => sockets.length).toBe(2);
  const socket = sockets[1];
  expect(socket?.remoteAddress).toBe("127.0.0.1");
  expect(socket?.remoteFamily).toBe("IPv4");
  expect(socket?.remotePeer).toBe(sender.peerId.toString());
  stream.abort(new Error("test over"));
});
