/**
 * Network namespaces for tests and the testnet: create, run a command inside, delete, and a
 * marker listener that answers HTTP with a fixed text. Needs root.
 *
 * @example
 * await createNetns("tn-a1b2c3-req");
 * const out = await inNetns("tn-a1b2c3-req", ["ip", "-4", "addr"]);
 * await removeNetns(["tn-a1b2c3-req"]);
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Runs `command` inside network namespace `ns` and resolves with its stdout. */
export async function inNetns(ns: string, command: string[], timeoutMs = 120_000): Promise<string> {
  const [file, ...args] = command;
  const { stdout } = await run("ip", ["netns", "exec", ns, file as string, ...args], {
    timeout: timeoutMs,
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout;
}

/** Runs `ip` with `args` (in the test's own namespace unless `-n ns` is among them). */
export async function ipCommand(...args: string[]): Promise<void> {
  await run("ip", args, { timeout: 30_000 });
}

// A TCP server that answers every connection with an HTTP 200 carrying `marker`.
const listenerScript = `
const [host, port, marker] = process.argv.slice(1);
require("node:net").createServer((s) => {
  s.on("error", () => {});
  s.end("HTTP/1.0 200 OK\\r\\ncontent-type: text/plain\\r\\n\\r\\n" + marker + "\\n");
}).listen(Number(port), host, () => console.log("listening"));
`;

/**
 * Starts a listener on `host:port` inside `ns` that answers with `marker` (HTTP/1.0 200),
 * and resolves once it listens. Kill the returned process to stop it.
 */
export async function startMarkerListener(
  ns: string,
  host: string,
  port: number,
  marker: string,
): Promise<ChildProcess> {
  const child = spawn(
    "ip",
    ["netns", "exec", ns, process.execPath, "-e", listenerScript, host, String(port), marker],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  await once(child.stdout, "data");
  return child;
}

/** Creates network namespace `name` with its loopback up (remove it with {@link removeNetns}). */
export async function createNetns(name: string): Promise<void> {
  await ipCommand("netns", "add", name);
  await ipCommand("-n", name, "link", "set", "lo", "up");
}

/** Deletes the namespaces; missing ones are no error. */
export async function removeNetns(names: string[]): Promise<void> {
  for (const name of names) await ipCommand("netns", "del", name).catch(() => {});
}

/** The names of every network namespace on this machine (`ip netns list`). */
export async function listNetns(): Promise<string[]> {
  const { stdout } = await run("ip", ["netns", "list"], { timeout: 30_000 });
  return stdout
    .split("\n")
    .map((line) => line.split(" ")[0] ?? "")
    .filter((name) => name !== "");
}
