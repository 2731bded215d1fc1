import { request } from "node:http";
import { GolemError } from "@vm-on-golem/sdk/errors";

/**
 * Calls the running daemon's operator API over its unix socket and returns the parsed
 * JSON. A socket nobody listens on is `DAEMON_NOT_RUNNING`; an error envelope becomes the
 * same {@link GolemError} the daemon raised.
 *
 * @example const status = await operatorRequest(paths.operatorSocket, "GET", "/status");
 */
export function operatorRequest<T = unknown>(
  socketPath: string,
  method: "GET" | "POST" | "DELETE",
  path: string,
  timeoutMs = 120_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, method, path, timeout: timeoutMs }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        text += chunk;
      });
      res.on("end", () => {
        let body: unknown;
        try {
          body = text === "" ? undefined : JSON.parse(text);
        } catch {
          body = undefined;
        }
        const status = res.statusCode ?? 500;
        if (status >= 400) reject(GolemError.fromEnvelope(body, status));
        else resolve(body as T);
      });
    });
    req.on("timeout", () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on("error", (error: NodeJS.ErrnoException) => {
      const gone = error.code === "ENOENT" || error.code === "ECONNREFUSED";
      reject(
        new GolemError(
          "DAEMON_NOT_RUNNING",
          gone
            ? `no provider node answers on ${socketPath}`
            : `the provider node's operator socket failed: ${error.message}`,
          { cause: error },
        ),
      );
    });
    req.end();
  });
}
