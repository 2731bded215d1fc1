/**
 * The stack the rent e2e test runs against: a real local chain with the contracts, a real
 * `golem-provider` daemon with payments on and the QEMU driver (CORS open to the page's origin),
 * and the dapp's static site served with a config.json.
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Deployment } from "../../scripts/deploy.ts";
import { freePort } from "../../scripts/lib/free-port.ts";
import type { LocalChain } from "../../scripts/lib/local-chain.ts";
import { startLocalPaidChain } from "../../scripts/lib/local-paid-chain.ts";
import { type ProviderDaemon, startProviderDaemon } from "../../scripts/lib/provider-daemon.ts";
import { buildIfStale, type DappSite, serveDapp } from "./static-dapp.ts";

/** Hourly prices the test provider charges (token base units). */
export const testPrices = {
  perCoreHour: 10n ** 16n,
  perGiBMemoryHour: 10n ** 15n,
  perGiBDiskHour: 10n ** 14n,
};

export type RentStack = {
  chain: LocalChain;
  deployment: Deployment;
  daemon: ProviderDaemon;
  server: DappSite;
  /** Holds the deployment, the provider's data and the test's SSH key (short: QMP socket paths). */
  workDir: string;
  /** The daemon's libp2p multiaddrs the dapp bootstraps gossip through, from its own signed advert. */
  bootstrapPeers: string[];
  /** The dapp server's environment (to start a second one with other peers). */
  webEnv: Record<string, string>;
  stop: () => Promise<void>;
};

/**
/** How the dapp of {@link startRentStack} finds providers. */
export type RentStackWeb = {
  /** The transport of the gossip bootstrap peers the page gets. Default "webrtc-direct". */
  peers?: "webrtc-direct" | "ws";
  /** Also list the daemon's API as an advert source (`GOLEM_BOOTSTRAP_API_URLS`). Default true. */
  apiUrls?: boolean;
};

/**
 * Starts chain, contracts, provider daemon and dapp; `log` gets the dapp server's lines.
 * `providerEnv` adds `GOLEM_PROVIDER_*` settings (the monitor's intervals, the test-only fake driver).
 */
export async function startRentStack(
  log: (line: string) => void,
  providerEnv: Record<string, string> = {},
  web: RentStackWeb = {},
): Promise<RentStack> {
  const building = buildIfStale(log);
  const workDir = await mkdtemp(path.join(tmpdir(), "vmgw-"));
  const undo: (() => Promise<void>)[] = [() => rm(workDir, { recursive: true, force: true })];
  const stop = async () => {
    for (const step of undo.reverse()) await step().catch((err) => log(`cleanup: ${err}`));
  };
  try {
    const paid = await startLocalPaidChain();
    undo.push(() => paid.stop());
    const { chain, deployment, deploymentsDir } = paid;
    const webPort = await freePort();
    const webUrl = `http://127.0.0.1:${webPort}`;
    const dataDir = path.join(workDir, "p");
    await mkdir(dataDir, { mode: 0o700 });
    const daemon = await startProviderDaemon({
      dataDir,
      env: {
        GOLEM_PROVIDER_PAYMENTS_ENABLED: "true",
        GOLEM_PROVIDER_PAYMENTS_RPC_URL: chain.rpcUrl,
        GOLEM_PROVIDER_PAYMENTS_CHAIN_ID: String(chain.chainId),
        GOLEM_PROVIDER_PAYMENTS_DEPLOYMENTS_DIR: deploymentsDir,
        GOLEM_PROVIDER_API_CORS_ORIGINS: webUrl,
        GOLEM_PROVIDER_PRICING_PER_CORE_HOUR: testPrices.perCoreHour.toString(),
        GOLEM_PROVIDER_PRICING_PER_GIB_MEMORY_HOUR: testPrices.perGiBMemoryHour.toString(),
        GOLEM_PROVIDER_PRICING_PER_GIB_DISK_HOUR: testPrices.perGiBDiskHour.toString(),
        GOLEM_PROVIDER_COUNTRY: "SE",
        GOLEM_PROVIDER_DISCOVERY_TCP_PORT: "0",
        GOLEM_PROVIDER_DISCOVERY_WS_PORT: "0",
        GOLEM_PROVIDER_DISCOVERY_WEBRTC_PORT: "0",
        GOLEM_PROVIDER_DISCOVERY_LISTEN_HOST: "127.0.0.1",
        ...providerEnv,
      },
    });
    undo.push(() => daemon.stop());
    const bootstrapPeers = await peersOf(daemon.apiUrl, web.peers ?? "webrtc-direct");
    const ms = await building;
    if (ms > 0) log(`next build took ${(ms / 1000).toFixed(1)} s`);
    const webEnv = {
      GOLEM_CHAIN_ID: String(chain.chainId),
      GOLEM_RPC_URL: chain.rpcUrl,
      GOLEM_DEPLOYMENTS_DIR: deploymentsDir,
      GOLEM_EXPLORER_URL: "",
      GOLEM_BOOTSTRAP_API_URLS: web.apiUrls === false ? "" : daemon.apiUrl,
      GOLEM_BOOTSTRAP_PEERS: bootstrapPeers.join(","),
      NEXT_PUBLIC_WALLETCONNECT_PROJECT_ID: "",
    };
    const server = await serveDapp(webPort, webEnv);
    undo.push(() => server.stop());
    return { chain, deployment, daemon, server, workDir, bootstrapPeers, webEnv, stop };
  } catch (err) {
    await building.catch(() => undefined);
    await stop();
    throw err;
  }
}

/**
 * The node's own advertised multiaddrs (`GET /api/v1/adverts`) of one transport, waiting up to 60 s.
 *
 * @example const peers = await peersOf(daemon.apiUrl, "webrtc-direct");
 */
export async function peersOf(
  apiUrl: string,
  transport: "webrtc-direct" | "ws",
): Promise<string[]> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const body = (await (await fetch(`${apiUrl}/api/v1/adverts`)).json()) as {
      adverts: { advert: { multiaddrs: string[] } }[];
    };
    const peers = body.adverts
      .flatMap((a) => a.advert.multiaddrs)
      .filter((m) => m.includes(`/${transport}/`));
    if (peers.length > 0) return peers;
    if (Date.now() > deadline)
      throw new Error(`${apiUrl}/api/v1/adverts has no ${transport} peer in 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}
