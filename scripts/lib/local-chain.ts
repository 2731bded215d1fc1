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
import { GolemError } from "@vm-on-golem/sdk/errors";
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
  /** Address to bind. Default 127.0.0.1 (the testnet binds its chain host's public address). */
  host?: string;
  /** Called with each line the node prints. */
  onLog?: (line: string) => void;
  /** How long to wait for the RPC to answer, in ms. Default 60 000. */
  timeoutMs?: number;
};

const root = fileURLToPath(new URL("../..", import.meta.url));

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

/**
 * Starts `hardhat node` bound to 127.0.0.1 and resolves once its RPC answers. A port where a
 * chain already answers is `PORT_IN_USE`; a node that does not come up is `LOCAL_CHAIN_FAILED`.
 */
export async function startLocalChain(params: StartLocalChainParameters = {}): Promise<LocalChain> {
  const port = params.port ?? 8545;
  const host = params.host ?? "127.0.0.1";
  const chosen = port === 0 ? await freePort() : port;
  const rpcUrl = `http://${host}:${chosen}`;
  if (await rpc(rpcUrl, "eth_chainId").catch(() => undefined)) {
    throw new GolemError("PORT_IN_USE", `a chain already answers JSON-RPC on ${rpcUrl}`, {
      hints: [
        "stop the other chain (or use it), or pick another port with --port N (0: a free one)",
      ],
      details: { port: chosen },
    });
  }
  const child: ChildProcess = spawn(
    process.execPath,
    ["node_modules/hardhat/dist/src/cli.js", "node", "--hostname", host, "--port", String(chosen)],
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
  const lastLine = tail.trim().split("\n").at(-1);
  throw new GolemError("LOCAL_CHAIN_FAILED", `the local chain did not start on ${rpcUrl}`, {
    hints: [
      ...(lastLine ? [`its last output: ${lastLine}`] : []),
      "run `./dev chain --port N` alone to see all of its output",
    ],
    details: { rpcUrl, output: tail },
  });
}
