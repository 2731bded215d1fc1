// One end of the cross-namespace TCP bench (bench/lib/kernel-forward.ts runs it with
// `ip netns exec`):
//   serve <sinkPort> <forwardPort>: a sink on 0.0.0.0:<sinkPort> that reads everything and
//     closes when the sender has, and the node's userspace forwarder on 0.0.0.0:<forwardPort>
//     to 127.0.0.1:<sinkPort>; prints "ready" and runs until killed.
//   send <host> <port> <mib>: writes <mib> MiB to host:port, waits for the sink to close, and
//     prints the MB/s (10^6 bytes per second) as the only line.
import { once } from "node:events";
import { connect, createServer } from "node:net";
import { startTcpForwarder } from "../../provider-node/src/net/tcp-forwarder.ts";

const [mode, ...args] = process.argv.slice(2);

if (mode === "serve") {
  const [sinkPort, forwardPort] = args.map(Number);
  const sink = createServer((socket) => {
    socket.on("data", () => {});
    socket.on("end", () => socket.end());
    socket.on("error", () => {});
  });
  sink.listen(sinkPort, "0.0.0.0");
  await once(sink, "listening");
  await startTcpForwarder({
    listenHost: "0.0.0.0",
    listenPort: forwardPort as number,
    target: { host: "127.0.0.1", port: sinkPort as number },
  });
  console.log("ready");
} else if (mode === "send") {
  const [host, port, mib] = [args[0] as string, Number(args[1]), Number(args[2])];
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
  console.error("usage: tcp-peer.ts serve <sinkPort> <forwardPort> | send <host> <port> <mib>");
  process.exit(2);
}
