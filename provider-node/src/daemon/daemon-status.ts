import type { ProviderConfig } from "../config/provider-config.ts";
import type { DiscoveryStatus } from "../discovery/discovery-status.ts";
import type { StreamMonitor } from "../payments/stream-monitor.ts";
import type { VmService } from "../service/vm-service.ts";
import { gatherStatusFacts } from "./gather-status-facts.ts";
import { type NodeStatus, type StatusFacts, summarizeStatus } from "./node-status.ts";

/** Parameters of {@link createDaemonStatus}. */
export type CreateDaemonStatusParameters = {
  config: ProviderConfig;
  driverReport: StatusFacts["driver"];
  service: Pick<VmService, "listVms" | "allocatedPorts" | "budget">;
  /** The discovery's status now (off, running or failed). */
  discoveryStatus: () => DiscoveryStatus;
  /** The stream monitor; undefined when it does not run. */
  monitor: Pick<StreamMonitor, "status"> | undefined;
};

/**
 * The running node's `status`, as the operator socket serves it: the facts read at each call
 * from this process (its pid, driver, VMs, ports, resources, discovery) summarized, plus the
 * stream monitor's health when it runs; a degraded monitor is an issue of the whole node.
 *
 * @example const status = createDaemonStatus({ config, driverReport, service, discoveryStatus, monitor });
 */
export function createDaemonStatus(
  parameters: CreateDaemonStatusParameters,
): () => Promise<NodeStatus> {
  const { config, driverReport, service, monitor } = parameters;
  return async () => {
    const summary = summarizeStatus(
      await gatherStatusFacts({
        config,
        source: "daemon",
        daemon: { running: true, pid: process.pid },
        driver: driverReport,
        apiListening: true,
        vms: service.listVms(),
        allocatedPorts: service.allocatedPorts(),
        resources: await service.budget(),
        discovery: parameters.discoveryStatus(),
      }),
    );
    if (!monitor) return summary;
    const health = monitor.status();
    if (health.state !== "degraded") return { ...summary, payments: { monitor: health } };
    return {
      ...summary,
      payments: { monitor: health },
      overall: {
        status: summary.overall.status === "healthy" ? "issues" : summary.overall.status,
        issues: [...summary.overall.issues, `stream monitor degraded: ${health.lastError}`],
      },
    };
  };
}
