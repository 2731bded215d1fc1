// One process of the forward bench's plain-TCP paths (bench/lib/tcp-paths.ts runs it, under
// `ip netns exec` for the namespace paths). Each party is its own process, as in production
// (ssh client, the node, QEMU), so no path shares an event loop with the others:
//   sink <host> <port>: reads everything, closes when the sender has; prints "ready <port>"
//     (port 0 picks one), runs until killed.
//   forward <host> <port> <targetPort>: the node's userspace forwarder (its default caps and
//     timeouts) on host:port to 127.0.0.1:targetPort; prints "ready <port>", runs until killed.
//   send <host> <port> <mib>: writes <mib> MiB to host:port, waits for the sink to close, and
//     prints the MB/s (10^6 bytes per second) as the only line.
import { once } from "node:events";
import { connect, createServer } from "node:net";
import { startTcpForwarder } from "../../provider-node/src/net/tcp-forwarder.ts";

const [mode, host, ...args] = process.argv.slice(2);
const port = Number(args[0]);

if (mode === "sink" && host) {
  const sink = createServer((socket) => {
    socket.on("data", () => {});
    socket.on("end", () => socket.end());
    socket.on("error", () => {});
  });
  sink.listen(port, host);
  await once(sink, "listening");
  console.log(`ready ${(sink.address() as { port: number }).port}`);
} else if (mode === "forward" && host) {
  const forwarder = await startTcpForwarder({
    listenHost: host,
    listenPort: port,
    target: { host: "127.0.0.1", port: Number(args[1]) },
  });
  console.log(`ready ${forwarder.port}`);
} else if (mode === "send" && host) {
  const mib = Number(args[1]);
  const socket = connect({ host, port, noDelay: true });
  await once(socket, "connect");
  const chunk = Buffer.alloc(1024 * 1024);
  const started = performance.now();
  for (let sent = 0; sent < mib; sent++) {
    if (!socket.write(chunk)) await once(socket, "drain");
  }
  socket.end();
  socket.resume();
  await once(socket, "close");
  console.log(((mib * 1024 * 1024) / 1e6 / ((performance.now() - started) / 1000)).toFixed(1));
} else {
  console.error(
    "usage: tcp-peer.ts sink <host> <port> | forward <host> <port> <targetPort> | send <host> <port> <mib>",
  );
  process.exit(2);
}
