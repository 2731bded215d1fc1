import { once } from "node:events";
import { createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";

/** One request a {@link RecordingProxy} forwarded. */
export type RecordedRequest = { method: string; url: string; body: string };

/** A provider stand-in that forwards to a real provider and keeps every byte it was sent. */
export type RecordingProxy = {
  /** Its base URL (pass it as `providerUrl`). */
  url: string;
  /** Every request received so far. */
  requests: RecordedRequest[];
  close(): Promise<void>;
};

/**
 * A hostile provider's API in front of a real one: forwards each request to `target` and
 * answers with the real answer, recording method, URL and body, so a test can prove what a
 * provider the caller chose was sent (e.g. that a wallet key never reached it).
 *
 * @example
 * const proxy = await startRecordingProxy(daemon.apiUrl);
 * expect(proxy.requests.map((r) => r.body).join("")).not.toContain(walletKey);
 */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const requests: RecordedRequest[] = [];
  const to = new URL(target);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      requests.push({ method: req.method ?? "", url: req.url ?? "", body: body.toString() });
      const forward = httpRequest(
        {
          host: to.hostname,
          port: to.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: to.host },
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on("error", () => {
        res.writeHead(502).end();
      });
      forward.end(body);
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
