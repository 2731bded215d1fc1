import type { ProviderConfig } from "../config/provider-config.ts";
import { isPortBindable } from "../net/port-pool.ts";
import type { ResourceBudget } from "../resources/resource-budget.ts";
import type { VmRecord } from "../state/vm-store.ts";
import type { StatusFacts } from "./node-status.ts";

/** Inputs of {@link gatherStatusFacts}: what the caller already knows. */
export type GatherStatusFactsParameters = {
  config: ProviderConfig;
  source: StatusFacts["source"];
  daemon: StatusFacts["daemon"];
  driver: StatusFacts["driver"];
  /** Whether this process serves the API (the daemon); otherwise the port is tried. */
  apiListening: boolean;
  vms: VmRecord[];
  /** Ports VMs hold (public range). */
  allocatedPorts: number[];
  resources: ResourceBudget | null;
  /** The node's discovery (the daemon only). */
  discovery?: StatusFacts["discovery"];
  isBindable?: (host: string, port: number) => Promise<boolean>;
};

/**
 * Collects the facts of `status`: tries the API port (unless this process serves it) and
 * every free port of the SSH range on the configured addresses.
 *
 * @example const facts = await gatherStatusFacts({ config, source: "daemon", ... });
 */
export async function gatherStatusFacts(
  parameters: GatherStatusFactsParameters,
): Promise<StatusFacts> {
  const { config } = parameters;
  const isBindable = parameters.isBindable ?? isPortBindable;
  const apiLocal = parameters.apiListening
    ? "listening"
    : (await isBindable(config.api.host, config.api.port))
      ? "free"
      : "in-use";
  const { portRangeStart: start, portRangeEnd: end, bindHost } = config.ssh;
  const inUse = parameters.allocatedPorts
    .filter((p) => p >= start && p < end)
    .sort((a, b) => a - b);
  const held = new Set(inUse);
  const notBindable: number[] = [];
  for (let port = start; port < end; port++) {
    if (!held.has(port) && !(await isBindable(bindHost, port))) notBindable.push(port);
  }
  return {
    source: parameters.source,
    daemon: parameters.daemon,
    driver: parameters.driver,
    api: { host: config.api.host, port: config.api.port, local: apiLocal },
    ssh: { range: [start, end], inUse, notBindable },
    vms: parameters.vms.map((vm) => ({
      id: vm.id,
      name: vm.name,
      owner: vm.owner,
      status: vm.status,
      sshPort: vm.sshPort,
      error: vm.error,
    })),
    resources: parameters.resources,
    ...(parameters.discovery ? { discovery: parameters.discovery } : {}),
  };
}
