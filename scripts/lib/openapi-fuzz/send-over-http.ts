import { request as httpRequest } from "node:http";
import { Socket } from "node:net";
import { splitHttpAnswers } from "../raw-http-exchange.ts";
import type { FuzzRequest } from "./fuzz-request-plan.ts";
import type { FuzzResponse } from "./response-problems.ts";

/** Options of {@link sendOverHttp}. */
export type SendOverHttpOptions = {
  /** The listening API (a loopback address). */
  host: string;
  port: number;
  /** How long one request may take before it counts as unanswered, in ms (60 s by default). */
  timeoutMs?: number;
};

/**
 * A client socket that keeps every byte it reads and, once Node's HTTP client is done with a
 * `Connection: close` answer, only half-closes (Node would close it at once, and stops parsing
 * after the answer): it reads on until the server closes, so bytes the server writes after its
 * answer are seen whenever they come.
 */
class ReadUntilServerCloses extends Socket {
  readonly received: Buffer[] = [];
  constructor() {
    super();
    this.on("data", (chunk: Buffer) => this.received.push(chunk));
  }
  override destroySoon(): void {
    this.end();
  }
}

/**
 * A `send` for {@link runApiFuzz} over real sockets: one connection per request (`Connection:
 * close`), its answer read with Node's strict HTTP parser and the connection read to its end,
 * so a second answer or stray bytes after the answer, a reset or no answer at all show as the
 * answer's `transportProblem`. The body is
 * framed as the request's `framing` says (`after`: written raw once the request is out).
 * Resolves `undefined` when Node refuses to send the request at all (a bad method or header
 * character, an unescaped URL).
 *
 * @example const send = sendOverHttp({ host: "127.0.0.1", port });
 */
export function sendOverHttp(
  options: SendOverHttpOptions,
): (request: FuzzRequest) => Promise<FuzzResponse | undefined> {
  return (request) =>
    new Promise((resolve) => {
      const { body, framing } = request;
      const headers: Record<string, string | number> = { ...request.headers, connection: "close" };
      if (body !== undefined && framing === "length")
        headers["content-length"] = Buffer.byteLength(body);
      if (body !== undefined && framing === "chunked") headers["transfer-encoding"] = "chunked";
      let answered = false;
      let answer: FuzzResponse | undefined;
      let problem: string | undefined;
      const socket = new ReadUntilServerCloses();
      let req: ReturnType<typeof httpRequest>;
      try {
        req = httpRequest({
          host: options.host,
          port: options.port,
          method: request.method,
          path: request.url,
          headers,
          setHost: false,
          createConnection: () => socket.connect({ host: options.host, port: options.port }),
        });
      } catch {
        resolve(undefined);
        return;
      }
      req.setTimeout(options.timeoutMs ?? 60_000, () => req.destroy(new Error("none in time")));
      req.on("response", (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          // Node's client stops its timer here; the server must still close the connection.
          socket.setTimeout(10_000, () => {
            problem ??= "the connection stayed open after a Connection: close answer";
            socket.destroy();
          });
          answer = {
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          };
        });
      });
      req.on("error", (error: NodeJS.ErrnoException) => {
        // The server may close while an unread body is still on its way: no fault once it answered.
        if (answered && (error.code === "ECONNRESET" || error.code === "EPIPE")) return;
        problem ??= `${answered ? "after the answer" : "no answer"}: ${error.code ?? error.message}`;
      });
      // Done when the connection is, not when the answer is: bytes may follow it.
      const done = () => {
        if (answer) {
          const all = splitHttpAnswers(
            Buffer.concat(socket.received),
            () => request.method === "HEAD",
          );
          if (all.answers.length > 1) problem ??= `${all.answers.length} answers on one connection`;
          else if (all.rest.length > 0) problem ??= `${all.rest.length} bytes after the answer`;
          resolve({ ...answer, transportProblem: problem });
        } else
          resolve({ status: 0, headers: {}, body: "", transportProblem: problem ?? "no answer" });
      };
      socket.once("close", () => setImmediate(done));
      if (body === undefined) req.end();
      else if (framing === "after") {
        req.end();
        req.once("finish", () => {
          if (!socket.destroyed && socket.writable) socket.write(body, () => {});
        });
      } else req.end(body);
    });
}
