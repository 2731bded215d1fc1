import { once } from "node:events";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { Socket } from "node:net";

/** Something that answers EIP-1193 requests (the in-process test chain's client). */
type Eip1193 = { request(args: { method: string; params?: unknown }): Promise<unknown> };

/** A JSON-RPC over HTTP endpoint in front of an in-process chain that a test can take down. */
export type RpcRelay = {
  url: string;
  /** Closes the port: clients get ECONNREFUSED, as with an RPC node that is down. */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  /** JSON-RPC requests answered so far. */
  served: () => number;
  close(): Promise<void>;
};

/**
 * Serves `chain` as a plain HTTP JSON-RPC endpoint on 127.0.0.1 (what a node's `rpcUrl`
 * points at), so tests can make the RPC refuse connections and come back on the same URL.
 *
 * @example const relay = await startRpcRelay(chain.publicClient); await relay.down();
 */
export async function startRpcRelay(chain: Eip1193): Promise<RpcRelay> {
  let served = 0;
  const sockets = new Set<Socket>();
  const answer = async (call: { id: unknown; method: string; params?: unknown }) => {
    served += 1;
    try {
      const result = await chain.request({ method: call.method, params: call.params });
      return { jsonrpc: "2.0", id: call.id, result };
    } catch (error) {
      const e = error as { code?: number; message?: string; data?: unknown };
      return {
        jsonrpc: "2.0",
        id: call.id,
        error: { code: e.code ?? -32603, message: e.message ?? String(error), data: e.data },
      };
    }
  };
  const handle = async (request: IncomingMessage) => {
    let body = "";
    for await (const chunk of request) body += chunk;
    const parsed = JSON.parse(body);
    return Array.isArray(parsed) ? Promise.all(parsed.map(answer)) : answer(parsed);
  };
  const listen = async (port: number): Promise<Server> => {
    const server = createServer((request, response) => {
      void handle(request).then(
        (reply) => {
          response.setHeader("content-type", "application/json");
          response.end(
            JSON.stringify(reply, (_k, v) => (typeof v === "bigint" ? `0x${v.toString(16)}` : v)),
          );
        },
        (error) => {
          response.statusCode = 400;
          response.end(String(error));
        },
      );
    });
    server.on("connection", (socket) => {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
    });
    server.listen(port, "127.0.0.1");
    await once(server, "listening");
    return server;
  };
  let server: Server | undefined = await listen(0);
  const port = (server.address() as { port: number }).port;
  const down = async () => {
    if (!server) return;
    const closing = server;
    server = undefined;
    closing.close();
    for (const socket of sockets) socket.destroy();
    await once(closing, "close");
  };
  return {
    url: `http://127.0.0.1:${port}`,
    down,
    up: async () => {
      server ??= await listen(port);
    },
    served: () => served,
    close: down,
  };
}
