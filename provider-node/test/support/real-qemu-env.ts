import { freePortRange } from "../../../scripts/lib/free-port.ts";

/**
 * The environment of a `golem-provider` daemon that runs real QEMU guests in a test: API and
 * SSH forwards on 127.0.0.1 only, free port ranges of 5, a 2-vCPU VM with a 4 GiB disk allowed
 * on a 2-core host, a TCG boot's patience for the SSH banner, no payments. These daemons run in
 * the host's own network namespace: as root the default isolated mode would add a bridge and
 * nftables rules to the host, so the guest network is `none` (isolation is tested in
 * namespaces of its own, guest-isolation.test.ts).
 *
 * @example const env = await realQemuDaemonEnv();
 */
export async function realQemuDaemonEnv(): Promise<NodeJS.ProcessEnv> {
  const ssh = await freePortRange(5);
  const host = await freePortRange(5, [ssh]);
  return {
    ...process.env,
    GOLEM_PROVIDER_API_HOST: "127.0.0.1",
    GOLEM_PROVIDER_SSH_BIND_HOST: "127.0.0.1",
    GOLEM_PROVIDER_SSH_PORT_RANGE_START: String(ssh),
    GOLEM_PROVIDER_SSH_PORT_RANGE_END: String(ssh + 5),
    GOLEM_PROVIDER_SSH_HOST_PORT_RANGE_START: String(host),
    GOLEM_PROVIDER_SSH_HOST_PORT_RANGE_END: String(host + 5),
    GOLEM_PROVIDER_SSH_BANNER_TIMEOUT_SECONDS: "600",
    GOLEM_PROVIDER_RESOURCES_CPU_THRESHOLD: "1",
    GOLEM_PROVIDER_RESOURCES_MIN_STORAGE_GIB: "4",
    GOLEM_PROVIDER_PAYMENTS_ENABLED: "false",
    GOLEM_PROVIDER_VMS_NETWORK: "none",
    // Cold boots: a snapshot save in the background would boot a second VM beside the one under test.
    GOLEM_PROVIDER_VMS_SNAPSHOTS: "off",
  };
}
