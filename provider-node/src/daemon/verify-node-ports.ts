import { GolemError } from "@vm-on-golem/sdk/errors";
import type { ProviderConfig } from "../config/provider-config.ts";
import { isPortBindable } from "../net/port-pool.ts";

/**
 * Checks before start that the API port can be bound (`PORT_IN_USE`) and that at least one
 * SSH port of the range is free to bind (`PORTS_EXHAUSTED`). `--no-verify-port` skips it.
 *
 * @example await verifyNodePorts(config);
 */
export async function verifyNodePorts(config: ProviderConfig): Promise<void> {
  if (!(await isPortBindable(config.api.host, config.api.port))) {
    throw new GolemError(
      "PORT_IN_USE",
      `API port ${config.api.host}:${config.api.port} is in use`,
      {
        details: { host: config.api.host, port: config.api.port },
      },
    );
  }
  const { portRangeStart: start, portRangeEnd: end, bindHost } = config.ssh;
  for (let port = start; port < end; port++) {
    if (await isPortBindable(bindHost, port)) return;
  }
  throw new GolemError(
    "PORTS_EXHAUSTED",
    `no port in the SSH range ${start}-${end - 1} can be bound on ${bindHost}`,
    {
      hints: [
        "free some ports or choose another range (ssh.portRangeStart / ssh.portRangeEnd)",
        "skip this check with --no-verify-port",
      ],
    },
  );
}
