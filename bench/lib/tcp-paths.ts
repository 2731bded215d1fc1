import { execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { promisify } from "node:util";
import type { CleanupStack } from "../../scripts/lib/cleanup-stack.ts";

const run = promisify(execFile);
const peer = join(import.meta.dirname, "tcp-peer.ts");

/** A command prefix that runs a peer somewhere, e.g. `["ip", "netns", "exec", ns]`; [] runs it here. */
export type Where = string[];

function peerCommand(where: Where, args: string[]): [string, string[]] {
  const argv = [...where, process.execPath, peer, ...args];
  return [argv[0] as string, argv.slice(1)];
}

/**
 * Starts a long-running `tcp-peer.ts` process (`sink` or `forward`) and resolves with the port
 * it listens on; the process is killed by `cleanup` (on exit, failure and Ctrl-C).
 *
 * @example const sinkPort = await startPeer(cleanup, [], ["sink", "127.0.0.1", "0"]);
 */
export async function startPeer(
  cleanup: CleanupStack,
  where: Where,
  args: string[],
): Promise<number> {
  const [command, argv] = peerCommand(where, args);
  const child = spawn(command, argv, { stdio: ["ignore", "pipe", "inherit"] });
  cleanup.add(`stop the bench's ${args[0]} (pid ${child.pid})`, async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill();
      await once(child, "exit");
    }
  });
  const ready = once(child.stdout, "data").then(([line]) => String(line));
  const exited = once(child, "exit").then(([code]) => {
    throw new Error(`tcp-peer ${args.join(" ")} exited (${code}) before it was ready`);
  });
  const line = await Promise.race([ready, exited]);
  const port = Number(/^ready (\d+)/.exec(line)?.[1]);
  if (!port) throw new Error(`tcp-peer ${args.join(" ")} printed ${JSON.stringify(line)}`);
  return port;
}

/**
 * MB/s of every round for each path: one `send` process per transfer of `mib` MiB from
 * `where` to the path's host:port, after one warm-up transfer per path; the order of the paths
 * rotates every round so none always runs first.
 *
 * @example const samples = await measurePaths({ where: [], paths: { direct: { host: "127.0.0.1", port } }, rounds: 5, mib: 256 });
 */
export async function measurePaths<P extends string>(p: {
  where: Where;
  paths: Record<P, { host: string; port: number }>;
  rounds: number;
  mib: number;
}): Promise<Record<P, number[]>> {
  const names = Object.keys(p.paths) as P[];
  const send = async (path: P) => {
    const { host, port } = p.paths[path];
    const [command, argv] = peerCommand(p.where, ["send", host, String(port), String(p.mib)]);
    return Number((await run(command, argv)).stdout.trim());
  };
  for (const path of names) await send(path);
  const samples = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<P, number[]>;
  for (let round = 0; round < p.rounds; round++) {
    const shift = round % names.length;
    for (const path of [...names.slice(shift), ...names.slice(0, shift)]) {
      samples[path].push(await send(path));
    }
  }
  return samples;
}
