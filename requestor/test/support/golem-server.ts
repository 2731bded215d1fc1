import { once } from "node:events";
import { createInterface } from "node:readline";
import { spawnGolem } from "../run-golem.ts";

/** A running `golem server api` child process. */
export type GolemServer = {
  /** The URL its first `--json` line named. */
  url: string;
  /** What it printed on stderr so far (for failure messages). */
  stderr(): string;
  /** SIGTERM, and wait until it exited (no-op once it has). */
  stop(): Promise<void>;
};

/**
 * Starts `golem server api <flags…> --json` with `env` (as `runGolem` isolates it) and waits
 * for the line naming its URL; fails with its stderr if it exits first.
 *
 * @example
 * const server = await startGolemServer(["--port", "0", "--no-monitor"], paid.env);
 * await fetch(`${server.url}/api/v1/vms`);
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
    return { url: (JSON.parse(line) as { url: string }).url, stderr: () => stderr, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
