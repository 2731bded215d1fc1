/**
 * A Hardhat node on loopback for the demo, `./dev chain` and end-to-end tests.
 *
 * @example
 * const chain = await startLocalChain({ port: 0 });
 * // ... chain.rpcUrl ...
 * await chain.stop();
 */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { freePort } from "./free-port.ts";

export type LocalChain = {
  rpcUrl: string;
  chainId: number;
  /** Stops the node and waits for it to exit. */
  stop: () => Promise<void>;
};

export type StartLocalChainParameters = {
  /** TCP port; 0 picks a free one. Default 8545. */
  port?: number;
  /** Called with each line the node prints. */
  onLog?: (line: string) => void;
  /** How long to wait for the RPC to answer, in ms. Default 60 000. */
  timeoutMs?: number;
};

const root = fileURLToPath(new URL("../..", import.meta.url));
const HOST = "127.0.0.1";

async function rpc(url: string, method: string): Promise<unknown> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params: [] }),
    signal: AbortSignal.timeout(2_000),
  });
  const body = (await res.json()) as { result?: unknown };
  return body.result;
}

/** Starts `hardhat node` bound to 127.0.0.1 and resolves once its RPC answers. */
export async function startLocalChain(params: StartLocalChainParameters = {}): Promise<LocalChain> {
  const port = params.port ?? 8545;
  const chosen = port === 0 ? await freePort() : port;
  const rpcUrl = `http://${HOST}:${chosen}`;
  if (await rpc(rpcUrl, "eth_chainId").catch(() => undefined)) {
    throw new Error(
      `port ${chosen} already answers JSON-RPC\n  hint: stop the other chain (or use it), or pick another port`,
    );
  }
  const child: ChildProcess = spawn(
    process.execPath,
    ["node_modules/hardhat/dist/src/cli.js", "node", "--hostname", HOST, "--port", String(chosen)],
    { cwd: root, stdio: ["ignore", "pipe", "pipe"] },
  );
  let exited = false;
  let tail = "";
  const onData = (b: Buffer) => {
    const text = b.toString();
    tail = (tail + text).slice(-4_000);
    for (const line of text.split("\n")) if (line.trim()) params.onLog?.(line);
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  child.on("exit", () => {
    exited = true;
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (exited) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 5_000).unref();
    });

  const deadline = Date.now() + (params.timeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    if (exited) break;
    const id = await rpc(rpcUrl, "eth_chainId").catch(() => undefined);
    if (typeof id === "string") return { rpcUrl, chainId: Number(id), stop };
    await new Promise((r) => setTimeout(r, 200));
  }
  await stop();
  throw new Error(
    `the local chain did not start on ${rpcUrl}\n  hint: read its output below\n${tail}`,
  );
}
