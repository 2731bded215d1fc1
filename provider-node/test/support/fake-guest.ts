// A stand-in guest for the fake process driver: listens on 127.0.0.1:<port>, greets like an
// SSH server and echoes; each <hostPort>:<guestPort> after it (a published port) answers
// `guest port <guestPort>` and closes. Runs detached so it outlives the node, like a QEMU process.
//   node fake-guest.ts <port> [<hostPort>:<guestPort>...]
import { createServer } from "node:net";

const port = Number(process.argv[2]);
const server = createServer((socket) => {
  socket.on("error", () => {});
  socket.write("SSH-2.0-FakeGuest_1.0\r\n");
  socket.pipe(socket);
});
server.listen(port, "127.0.0.1");
for (const pair of process.argv.slice(3)) {
  const [hostPort, guestPort] = pair.split(":").map(Number);
  createServer((socket) => {
    socket.on("error", () => {});
    socket.end(`guest port ${guestPort}\n`);
  }).listen(hostPort, "127.0.0.1");
}
process.on("SIGTERM", () => server.close(() => process.exit(0)));
