/**
 * The real `golem-provider` daemon for the demo, benchmarks and end-to-end tests:
 * `start --daemon` with a data directory, loopback-only API and SSH ports, and `stop` at the end.
 * Payments are off unless `payments` names a chain and deployment to check streams on.
 *
 * @example
 * const daemon = await startProviderDaemon({ dataDir });
 * const client = createProviderClient({ baseUrl: daemon.apiUrl, signer: account });
 * await daemon.stop();
 *
 * @example
 * // Paid: streams are checked on the local chain's deployment.
 * const paid = await startProviderDaemon({
 *   dataDir,
 *   payments: { rpcUrl: chain.rpcUrl, chainId: chain.chainId, deploymentsDir: "deployments" },
 *   corsOrigins: ["http://127.0.0.1:3000"],
 * });
 */
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { Address, Hex } from "viem";
import { freePort, freePortRange } from "./free-port.ts";

const run = promisify(execFile);
const bin = fileURLToPath(new URL("../../provider-node/bin/golem-provider.js", import.meta.url));

/** Prices of a paid daemon in token base units per hour (strings of whole numbers). */
export type ProviderDaemonPrices = {
  perCoreHour: string;
  perGiBMemoryHour: string;
  perGiBDiskHour: string;
};

/** Prices a paid daemon uses unless told: 1 GLM per core-hour, 0.5 per GiB-memory-hour, 0.01 per GiB-disk-hour. */
export const defaultDaemonPrices: ProviderDaemonPrices = {
  perCoreHour: "1000000000000000000",
  perGiBMemoryHour: "500000000000000000",
  perGiBDiskHour: "10000000000000000",
};

/** Payments of a paid daemon: the chain and deployment it checks streams on. */
export type ProviderDaemonPayments = {
  /** JSON-RPC URL of the chain. */
  rpcUrl: string;
  chainId: number;
  /** Folder holding `<chainId>.json` (the deployment streams must be opened on). */
  deploymentsDir: string;
  /** The provider's payment key; default: generated into `<dataDir>/payment.key` on first start. */
  privateKey?: Hex;
  /** Default {@link defaultDaemonPrices}. */
  prices?: ProviderDaemonPrices;
  /** Least runway a stream must fund when its VM is created (s, default 3600). */
  minRunwaySeconds?: number;
  /** How often the stream monitor reads each VM's stream (s, default 5). */
  monitorIntervalSeconds?: number;
  /** Runway below which the monitor stops a VM (s, default the node's 300). */
  stopBelowSeconds?: number;
  /** Auto-withdraw of earnings; off unless given. */
  withdraw?: { intervalSeconds: number; minWei: string };
};

/** Parameters of {@link startProviderDaemon}. */
export type StartProviderDaemonParameters = {
  /** The node's data directory (database, log, VM disks). Keep it short: QMP socket paths are limited to 107 bytes. */
  dataDir: string;
  /** API port on `host`; 0 (default) picks a free one. */
  apiPort?: number;
  /** Address the API and the SSH ports bind (default 127.0.0.1; the testnet's hosts bind their public address). */
  host?: string;
  /** Network namespace to run the daemon and its CLI in (`ip netns exec`; needs root). */
  netns?: string;
  /** How many public SSH ports the node may hand out (default 5, a free block). */
  sshPorts?: number;
  /** Payments on against this chain and deployment; absent: payments off. */
  payments?: ProviderDaemonPayments;
  /** Browser origins the API allows by CORS (e.g. the dapp's URL). */
  corsOrigins?: string[];
  /** More `GOLEM_PROVIDER_*` settings (win over everything above). */
  env?: Record<string, string>;
};

/** A running daemon. */
export type ProviderDaemon = {
  /** Base URL of its API (`/api/v1` is appended by the provider client). */
  apiUrl: string;
  dataDir: string;
  logFile: string;
  /** Whether it checks streams (the `payments` parameter was given). */
  paymentsEnabled: boolean;
  /** The daemon's pid as its pid file says now. */
  pid(): Promise<number>;
  /** The provider id (payment address), from `golem-provider wallet address`. */
  address(): Promise<Address>;
  /** `golem-provider stop` (VMs keep running: destroy them first). */
  stop(): Promise<void>;
  /** Runs `golem-provider <args…> --data-dir <dataDir>` with the daemon's settings. */
  cli(...args: string[]): Promise<string>;
};

/** The `GOLEM_PROVIDER_*` settings of a paid daemon (discovery on loopback, free ports). */
export function paymentsEnv(payments: ProviderDaemonPayments): Record<string, string> {
  const prices = payments.prices ?? defaultDaemonPrices;
  return {
    GOLEM_PROVIDER_PAYMENTS_ENABLED: "true",
    GOLEM_PROVIDER_PAYMENTS_RPC_URL: payments.rpcUrl,
    GOLEM_PROVIDER_PAYMENTS_CHAIN_ID: String(payments.chainId),
    GOLEM_PROVIDER_PAYMENTS_DEPLOYMENTS_DIR: payments.deploymentsDir,
    GOLEM_PROVIDER_PAYMENTS_MIN_RUNWAY_SECONDS: String(payments.minRunwaySeconds ?? 3600),
    GOLEM_PROVIDER_PAYMENTS_MONITOR_INTERVAL_SECONDS: String(payments.monitorIntervalSeconds ?? 5),
    ...(payments.stopBelowSeconds === undefined
      ? {}
      : { GOLEM_PROVIDER_PAYMENTS_MONITOR_STOP_BELOW_SECONDS: String(payments.stopBelowSeconds) }),
    GOLEM_PROVIDER_PAYMENTS_WITHDRAW_ENABLED: String(payments.withdraw !== undefined),
    ...(payments.withdraw && {
      GOLEM_PROVIDER_PAYMENTS_WITHDRAW_INTERVAL_SECONDS: String(payments.withdraw.intervalSeconds),
      GOLEM_PROVIDER_PAYMENTS_WITHDRAW_MIN_WEI: payments.withdraw.minWei,
    }),
    GOLEM_PROVIDER_PRICING_PER_CORE_HOUR: prices.perCoreHour,
    GOLEM_PROVIDER_PRICING_PER_GIB_MEMORY_HOUR: prices.perGiBMemoryHour,
    GOLEM_PROVIDER_PRICING_PER_GIB_DISK_HOUR: prices.perGiBDiskHour,
    // Adverts go out on loopback only, on ports that are free, so daemons run side by side.
    GOLEM_PROVIDER_DISCOVERY_LISTEN_HOST: "127.0.0.1",
    GOLEM_PROVIDER_DISCOVERY_TCP_PORT: "0",
    GOLEM_PROVIDER_DISCOVERY_WS_PORT: "0",
    GOLEM_PROVIDER_DISCOVERY_WEBRTC_PORT: "0",
    ...(payments.privateKey && { GOLEM_PROVIDER_PRIVATE_KEY: payments.privateKey }),
  };
}

/**
 * Starts `golem-provider start --daemon --driver qemu`, everything bound to 127.0.0.1, a
 * 2-vCPU VM allowed on a 2-core host and disks from 4 GiB; payments off unless `payments` is
 * given. Resolves once its API answers (the first start on a machine may build the base
 * image: minutes).
 */
export async function startProviderDaemon(
  parameters: StartProviderDaemonParameters,
): Promise<ProviderDaemon> {
  const apiPort = parameters.apiPort || (await freePort());
  const bindHost = parameters.host ?? "127.0.0.1";
  const size = parameters.sshPorts ?? 5;
  const ssh = await freePortRange(size);
  const host = await freePortRange(size, [ssh]);
  const { payments } = parameters;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GOLEM_PROVIDER_API_HOST: bindHost,
    GOLEM_PROVIDER_SSH_BIND_HOST: bindHost,
    GOLEM_PROVIDER_SSH_PORT_RANGE_START: String(ssh),
    GOLEM_PROVIDER_SSH_PORT_RANGE_END: String(ssh + size),
    GOLEM_PROVIDER_SSH_HOST_PORT_RANGE_START: String(host),
    GOLEM_PROVIDER_SSH_HOST_PORT_RANGE_END: String(host + size),
    GOLEM_PROVIDER_SSH_BANNER_TIMEOUT_SECONDS: "600",
    GOLEM_PROVIDER_RESOURCES_CPU_THRESHOLD: "1",
    GOLEM_PROVIDER_RESOURCES_MIN_STORAGE_GIB: "4",
    // These daemons run in the host's own network namespace: as root the default isolated
    // mode would add a bridge and nftables rules to the host. Isolation is tested in
    // namespaces of its own (guest-isolation.test.ts).
    GOLEM_PROVIDER_VMS_NETWORK: "none",
    // Cold boots unless a test or bench asks for restored VMs: a snapshot save in the
    // background would boot a second VM beside the one under test.
    GOLEM_PROVIDER_VMS_SNAPSHOTS: "off",
    ...(payments ? paymentsEnv(payments) : { GOLEM_PROVIDER_PAYMENTS_ENABLED: "false" }),
    ...(parameters.corsOrigins && {
      GOLEM_PROVIDER_API_CORS_ORIGINS: JSON.stringify(parameters.corsOrigins),
    }),
    ...parameters.env,
  };
  const argv = [process.execPath, bin];
  if (parameters.netns) argv.unshift("ip", "netns", "exec", parameters.netns);
  const [file, ...prefix] = argv as [string, ...string[]];
  const cli = async (...args: string[]) =>
    (
      await run(file, [...prefix, ...args, "--data-dir", parameters.dataDir], {
        env,
        timeout: 20 * 60_000,
      })
    ).stdout;
  await cli("start", "--daemon", "--driver", "qemu", "--port", String(apiPort));
  const pidFile = join(parameters.dataDir, "provider.pid");
  return {
    apiUrl: `http://${bindHost}:${apiPort}`,
    dataDir: parameters.dataDir,
    logFile: join(parameters.dataDir, "provider.log"),
    paymentsEnabled: payments !== undefined,
    pid: async () => Number((await readFile(pidFile, "utf8")).trim()),
    address: async () =>
      (JSON.parse(await cli("wallet", "address", "--json")) as { address: Address }).address,
    stop: async () => {
      await cli("stop");
    },
    cli,
  };
}
