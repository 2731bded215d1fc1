/**
 * The web dapp (`next dev`) beside a local chain and provider, for the demo: configured by the
 * env the dapp reads (GOLEM_CHAIN_ID, GOLEM_RPC_URL, GOLEM_DEPLOYMENTS_DIR,
 * GOLEM_BOOTSTRAP_API_URLS, GOLEM_BOOTSTRAP_PEERS), its output in a log file.
 *
 * @example
 * const web = startWebDapp({ port, chain, deploymentsDir, providerApiUrls: [apiUrl], logFile });
 * await web.ready;
 * await web.stop();
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { fileURLToPath } from "node:url";

const wrapper = fileURLToPath(new URL("../../web/scripts/next.ts", import.meta.url));

/** Parameters of {@link startWebDapp}. */
export type StartWebDappParameters = {
  /** Port on 127.0.0.1. */
  port: number;
  chain: { rpcUrl: string; chainId: number };
  /** Absolute folder holding `<chainId>.json`. */
  deploymentsDir: string;
  /** Provider API URLs the dapp reads adverts from. */
  providerApiUrls: string[];
  /** libp2p WebRTC-direct multiaddrs the dapp joins advert gossip through (see `advertPeers`). */
  bootstrapPeers?: string[];
  /** Gets the server's output. */
  logFile: string;
  /** How long `ready` waits for the first page (ms, default 5 min: the first page compiles). */
  timeoutMs?: number;
};

/** A running dapp server. */
export type WebDapp = {
  url: string;
  /** Resolves once the home page answers (it is compiled on that first request). */
  ready: Promise<void>;
  stop(): Promise<void>;
};

/** Starts `next dev` for the dapp; returns at once, `ready` tells when it serves pages. */
export function startWebDapp(parameters: StartWebDappParameters): WebDapp {
  const url = `http://127.0.0.1:${parameters.port}`;
  const log = createWriteStream(parameters.logFile, { flags: "a" });
  const child: ChildProcess = spawn(
    process.execPath,
    [wrapper, "dev", "--port", String(parameters.port), "--hostname", "127.0.0.1"],
    {
      env: {
        ...process.env,
        GOLEM_CHAIN_ID: String(parameters.chain.chainId),
        GOLEM_RPC_URL: parameters.chain.rpcUrl,
        GOLEM_DEPLOYMENTS_DIR: parameters.deploymentsDir,
        GOLEM_BOOTSTRAP_API_URLS: parameters.providerApiUrls.join(","),
        GOLEM_BOOTSTRAP_PEERS: (parameters.bootstrapPeers ?? []).join(","),
        NEXT_TELEMETRY_DISABLED: "1",
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  const exited = once(child, "exit");
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  const ready = (async () => {
    const deadline = Date.now() + (parameters.timeoutMs ?? 5 * 60_000);
    for (;;) {
      if (gone) throw new Error(`the dapp server exited; see ${parameters.logFile}`);
      const status = await fetch(url, { signal: AbortSignal.timeout(30_000) })
        .then((r) => r.status)
        .catch(() => 0);
      if (status >= 200 && status < 500) return;
      if (Date.now() > deadline) {
        throw new Error(`the dapp did not serve ${url} in time; see ${parameters.logFile}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  })();
  ready.catch(() => undefined); // a caller that never awaits it must not crash the process
  return {
    url,
    ready,
    stop: async () => {
      if (!gone) {
        child.kill("SIGTERM");
        await exited;
      }
      log.end();
    },
  };
}
