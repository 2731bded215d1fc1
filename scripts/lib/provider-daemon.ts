/**
 * The real `golem-provider` daemon for the demo and benchmarks: `start --daemon` with a data
 * directory, loopback-only API and SSH ports, and `stop` at the end.
 *
 * @example
 * const daemon = await startProviderDaemon({ dataDir });
 * const client = createProviderClient({ baseUrl: daemon.apiUrl, signer: account });
 * await daemon.stop();
 */
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { freePort, freePortRange } from "./free-port.ts";

const run = promisify(execFile);
const bin = fileURLToPath(new URL("../../provider-node/bin/golem-provider.js", import.meta.url));

/** Parameters of {@link startProviderDaemon}. */
export type StartProviderDaemonParameters = {
  /** The node's data directory (database, log, VM disks). Keep it short: QMP socket paths are limited to 107 bytes. */
  dataDir: string;
  /** API port on 127.0.0.1; 0 (default) picks a free one. */
  apiPort?: number;
  /** How many public SSH ports the node may hand out (default 5, a free block). */
  sshPorts?: number;
  /** More `GOLEM_PROVIDER_*` settings. */
  env?: Record<string, string>;
};

/** A running daemon. */
export type ProviderDaemon = {
  /** Base URL of its API (`/api/v1` is appended by the provider client). */
  apiUrl: string;
  dataDir: string;
  logFile: string;
  /** The daemon's pid as its pid file says now. */
  pid(): Promise<number>;
  /** `golem-provider stop` (VMs keep running: destroy them first). */
  stop(): Promise<void>;
  /** Runs `golem-provider <args…> --data-dir <dataDir>` with the daemon's settings. */
  cli(...args: string[]): Promise<string>;
};

/**
 * Starts `golem-provider start --daemon --driver qemu` with payments disabled, everything
 * bound to 127.0.0.1, a 2-vCPU VM allowed on a 2-core host and disks from 4 GiB. Resolves
 * once its API answers (the first start on a machine may build the base image: minutes).
 */
export async function startProviderDaemon(
  parameters: StartProviderDaemonParameters,
): Promise<ProviderDaemon> {
  const apiPort = parameters.apiPort || (await freePort());
  const size = parameters.sshPorts ?? 5;
  const ssh = await freePortRange(size);
  const host = await freePortRange(size, [ssh]);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GOLEM_PROVIDER_API_HOST: "127.0.0.1",
    GOLEM_PROVIDER_SSH_BIND_HOST: "127.0.0.1",
    GOLEM_PROVIDER_SSH_PORT_RANGE_START: String(ssh),
    GOLEM_PROVIDER_SSH_PORT_RANGE_END: String(ssh + size),
    GOLEM_PROVIDER_SSH_HOST_PORT_RANGE_START: String(host),
    GOLEM_PROVIDER_SSH_HOST_PORT_RANGE_END: String(host + size),
    GOLEM_PROVIDER_SSH_BANNER_TIMEOUT_SECONDS: "600",
    GOLEM_PROVIDER_RESOURCES_CPU_THRESHOLD: "1",
    GOLEM_PROVIDER_RESOURCES_MIN_STORAGE_GIB: "4",
    GOLEM_PROVIDER_PAYMENTS_ENABLED: "false",
    ...parameters.env,
  };
  const cli = async (...args: string[]) =>
    (
      await run(process.execPath, [bin, ...args, "--data-dir", parameters.dataDir], {
        env,
        timeout: 20 * 60_000,
      })
    ).stdout;
  await cli("start", "--daemon", "--driver", "qemu", "--port", String(apiPort));
  const pidFile = join(parameters.dataDir, "provider.pid");
  return {
    apiUrl: `http://127.0.0.1:${apiPort}`,
    dataDir: parameters.dataDir,
    logFile: join(parameters.dataDir, "provider.log"),
    pid: async () => Number((await readFile(pidFile, "utf8")).trim()),
    stop: async () => {
      await cli("stop");
    },
    cli,
  };
}
