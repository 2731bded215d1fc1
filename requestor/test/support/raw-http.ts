import { request } from "node:http";

/** What {@link rawRequest} got back. */
export type RawAnswer = { status: number; text: string; json: unknown };

/**
 * One HTTP request with exactly the headers given (fetch refuses to set `Host`): what a
 * browser sends after DNS rebinding, or a cross-site form post, byte for byte.
 *
 * @example
 * await rawRequest(server.url, { method: "POST", path: "/api/v1/vms/web-1/stop", headers: { host: "evil.test:7465" } });
 */
export function rawRequest(
  base: string,
  options: { method: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<RawAnswer> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname.replace(/^\[|\]$/g, ""),
        port: url.port,
        method: options.method,
        path: options.path,
        headers: options.headers,
        setHost: options.headers?.host === undefined,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString();
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, text, json });
        });
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}
