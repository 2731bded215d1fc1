/**
 * Brings up the testnet (see `topology.ts` for the network): a Hardhat chain host with the
 * contracts, a bootstrap libp2p peer, two providers on public addresses and one behind a NAT
 * router (real `golem-provider` daemons, payments on, real QEMU guests on isolated networks), and a requestor host
 * whose `golem` CLI is bootstrapped from the peer. Every step registers its undo first, so a
 * failure part way, or `stop()`, removes processes, namespaces and folders.
 *
 * @example
 * const testnet = await startTestnet({ log: console.log });
 * const providers = await testnet.golem(["vm", "providers", "--json"]);
 * await testnet.stop();
 */
import { randomBytes } from "node:crypto";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Address } from "viem";
import { createCleanupStack } from "../cleanup-stack.ts";
import { type GolemRun, runGolem } from "../golem-cli.ts";
import {
  defaultDaemonPrices,
  type ProviderDaemon,
  startProviderDaemon,
} from "../provider-daemon.ts";
import { createNetns, removeNetns } from "./netns.ts";
import { spawnInNetns } from "./spawn-in-netns.ts";
import { killNetnsProcesses, sweepStaleTestnets, testnetDir } from "./testnet-state.ts";
import {
  buildTopology,
  type TestnetHost,
  type TestnetTopology,
  testnetTopology,
  topologyNamespaces,
} from "./topology.ts";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

/** Ports every provider host uses on its own address (each host is a namespace: no clash). */
export const TESTNET_PORTS = {
  chainRpc: 8545,
  libp2p: 7467,
  libp2pWs: 7468,
  libp2pWebrtc: 7469,
  api: 7466,
} as const;

/** One provider of the testnet. */
export type TestnetProvider = {
  name: "provider-a" | "provider-b" | "provider-c";
  host: TestnetHost;
  daemon: ProviderDaemon;
  providerId: Address;
  /** The address its advert names (provider-c: the NAT's public address, with no port forward). */
  publicAddress: string;
};

/** A running testnet. */
export type Testnet = {
  topology: TestnetTopology;
  /** The run's folder: data dirs, logs, the deployment. */
  dir: string;
  rpcUrl: string;
  chainId: number;
  deploymentsDir: string;
  bootstrap: string[];
  providers: TestnetProvider[];
  /** The requestor host's `GOLEM_REQUESTOR_*` settings. */
  requestorEnv: Record<string, string>;
  /** Runs `golem args…` on the requestor host. */
  golem(args: string[], timeoutMs?: number): Promise<GolemRun>;
  /** Removes everything; the same promise on every call. */
  stop(): Promise<void>;
};

/** Parameters of {@link startTestnet}. */
export type StartTestnetParameters = {
  /** Progress lines. */
  log: (line: string) => void;
  /** How often each provider's stream monitor reads the chain, s (default 5). */
  monitorIntervalSeconds?: number;
  /** Aborting it (Ctrl-C while starting) stops at the next step and removes what was made. */
  signal?: AbortSignal;
};

/** Starts the testnet; needs root, `ip`, `nft` and QEMU. */
export async function startTestnet(parameters: StartTestnetParameters): Promise<Testnet> {
  const { log } = parameters;
  const step = () => parameters.signal?.throwIfAborted();
  await sweepStaleTestnets(log);
  const runId = randomBytes(3).toString("hex");
  const topology = testnetTopology(runId);
  const dir = testnetDir(runId);
  const cleanup = createCleanupStack(log);
  const stop = () => cleanup.run();
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await writeFile(join(dir, "owner.pid"), String(process.pid));
    cleanup.add(`remove ${dir}`, () => rm(dir, { recursive: true, force: true }));
    const namespaces = topologyNamespaces(topology);
    cleanup.add(`remove the namespaces ${topology.net.ns} …`, () => removeNetns(namespaces));
    // Whatever a daemon left (its QEMU guests run detached): killed before the namespaces go.
    cleanup.add("kill what is left in the namespaces", async () => {
      for (const ns of namespaces) await killNetnsProcesses(ns);
    });
    for (const ns of namespaces) await createNetns(ns);
    await buildTopology(topology);
    log(`network up: ${namespaces.length} namespaces, run ${runId}`);

    step();
    const deploymentsDir = join(dir, "deployments");
    const chain = await spawnInNetns({
      ns: topology.chain.ns,
      argv: [
        process.execPath,
        here("./chain-host.ts"),
        ...["--host", topology.chain.address, "--port", String(TESTNET_PORTS.chainRpc)],
        ...["--deployments-dir", deploymentsDir],
      ],
      logFile: join(dir, "chain.log"),
      cwd: root,
    });
    cleanup.add("stop the chain host", () => chain.stop());
    const { rpcUrl, chainId } = chain.ready as { rpcUrl: string; chainId: number };
    log(`chain host: ${rpcUrl} (chain id ${chainId}), contracts deployed`);

    step();
    const boot = await spawnInNetns({
      ns: topology.boot.ns,
      argv: [
        process.execPath,
        here("./boot-peer.ts"),
        ...["--host", topology.boot.address, "--port", String(TESTNET_PORTS.libp2p)],
        ...["--webrtc-port", String(TESTNET_PORTS.libp2pWebrtc)],
        ...["--chain-id", String(chainId)],
      ],
      logFile: join(dir, "boot.log"),
      cwd: root,
    });
    cleanup.add("stop the bootstrap peer", () => boot.stop());
    const bootstrap = (boot.ready as { multiaddrs: string[] }).multiaddrs;
    log(`bootstrap peer: ${bootstrap.join(" ")}`);

    step();
    const providers: TestnetProvider[] = [];
    const specs = [
      { name: "provider-a", host: topology.providerA, publicAddress: topology.providerA.address },
      { name: "provider-b", host: topology.providerB, publicAddress: topology.providerB.address },
      { name: "provider-c", host: topology.providerC, publicAddress: topology.nat.address },
    ] as const;
    for (const spec of specs) {
      step();
      const dataDir = join(dir, spec.name);
      await mkdir(dataDir, { recursive: true, mode: 0o700 });
      cleanup.add(
        `stop ${spec.name}`,
        () => startedDaemon(providers, spec.name)?.stop() ?? Promise.resolve(),
      );
      const daemon = await startProviderDaemon({
        dataDir,
        netns: spec.host.ns,
        // All addresses of the host (its loopback and eth0), as a provider box binds.
        host: "0.0.0.0",
        apiPort: TESTNET_PORTS.api,
        sshPorts: 5,
        payments: {
          rpcUrl,
          chainId,
          deploymentsDir,
          minRunwaySeconds: 600,
          prices: defaultDaemonPrices,
          monitorIntervalSeconds: parameters.monitorIntervalSeconds ?? 5,
        },
        env: {
          GOLEM_PROVIDER_API_PUBLIC_HOST: spec.publicAddress,
          GOLEM_PROVIDER_DISCOVERY_LISTEN_HOST: spec.host.address,
          GOLEM_PROVIDER_DISCOVERY_TCP_PORT: String(TESTNET_PORTS.libp2p),
          GOLEM_PROVIDER_DISCOVERY_WS_PORT: String(TESTNET_PORTS.libp2pWs),
          GOLEM_PROVIDER_DISCOVERY_WEBRTC_PORT: String(TESTNET_PORTS.libp2pWebrtc),
          GOLEM_PROVIDER_DISCOVERY_BOOTSTRAP: JSON.stringify(bootstrap),
          // Every testnet address is a documentation or LAN one: peers may dial them back.
          GOLEM_PROVIDER_DISCOVERY_ALLOW_PRIVATE_DIAL_BACK: "true",
          // The production default for a root daemon: guests on the node's bridge, SSH by DNAT,
          // so a guest sees its client's own address.
          GOLEM_PROVIDER_VMS_NETWORK: "isolated",
        },
      });
      const providerId = await daemon.address();
      providers.push({ ...spec, daemon, providerId });
      log(`${spec.name}: ${providerId} on ${spec.host.address} (advertises ${spec.publicAddress})`);
    }

    step();
    const requestorEnv = {
      GOLEM_REQUESTOR_HOME: join(dir, "requestor"),
      GOLEM_REQUESTOR_RPC_URL: rpcUrl,
      GOLEM_REQUESTOR_DEPLOYMENTS_DIR: deploymentsDir,
      GOLEM_REQUESTOR_DISCOVERY_BOOTSTRAP: bootstrap.join(","),
    };
    const golem = (args: string[], timeoutMs = 180_000) =>
      runGolem(args, requestorEnv, { timeoutMs, netns: topology.requestor.ns });
    return {
      topology,
      dir,
      rpcUrl,
      chainId,
      deploymentsDir,
      bootstrap,
      providers,
      requestorEnv,
      golem,
      stop,
    };
  } catch (error) {
    log(`the testnet did not come up: ${(error as Error).message}`);
    await stop();
    throw error;
  }
}

function startedDaemon(
  providers: TestnetProvider[],
  name: TestnetProvider["name"],
): ProviderDaemon | undefined {
  return providers.find((p) => p.name === name)?.daemon;
}
