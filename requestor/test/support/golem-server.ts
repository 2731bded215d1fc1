import { once } from "node:events";
import { readFile } from "node:fs/promises";
import { createInterface } from "node:readline";
import { spawnGolem } from "../run-golem.ts";

/** A running `golem server api` child process. */
export type GolemServer = {
  /** The URL its first `--json` line named. */
  url: string;
  /** The bearer token from the token file its first line named (as a tool reads it). */
  token: string | undefined;
  /** `fetch` on the server with its token (`Authorization: Bearer …`) added. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** What it printed on stderr so far (for failure messages). */
  stderr(): string;
  /** SIGTERM, and wait until it exited (no-op once it has). */
  stop(): Promise<void>;
};

/**
 * Starts `golem server api <flags…> --json` with `env` (as `runGolem` isolates it) and waits
 * for the line naming its URL and token file; fails with its stderr if it exits first.
 *
 * @example
 * const server = await startGolemServer(["--port", "0", "--no-monitor"], paid.env);
 * await server.fetch("/api/v1/vms");
 * await server.stop();
 */
export async function startGolemServer(
  flags: string[],
  env: Record<string, string>,
): Promise<GolemServer> {
  const child = spawnGolem(["server", "api", ...flags, "--json"], env);
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    await once(child, "exit");
  };
  try {
    const [line] = await Promise.race([
      once(createInterface({ input: child.stdout }), "line") as Promise<[string]>,
      once(child, "exit").then(() => {
        throw new Error(`golem server api exited: ${stderr}`);
      }),
    ]);
    const { url, tokenFile } = JSON.parse(line) as { url: string; tokenFile?: string };
    const token = tokenFile === undefined ? undefined : (await readFile(tokenFile, "utf8")).trim();
    return {
      url,
      token,
      fetch: (path, init = {}) => {
        const headers = new Headers(init.headers);
        if (token !== undefined) headers.set("authorization", `Bearer ${token}`);
        return fetch(`${url}${path}`, { ...init, headers });
      },
      stderr: () => stderr,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
