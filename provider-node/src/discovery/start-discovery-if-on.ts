import type { ProviderConfig } from "../config/provider-config.ts";
import { type DiscoveryStatus, discoveryOff } from "./discovery-status.ts";
import {
  type NodeDiscovery,
  type StartNodeDiscoveryParameters,
  startNodeDiscovery,
} from "./start-node-discovery.ts";

/** Parameters of {@link startDiscoveryIfOn}. */
export type StartDiscoveryIfOnParameters = Omit<StartNodeDiscoveryParameters, "settings"> & {
  config: StartNodeDiscoveryParameters["config"] & Pick<ProviderConfig, "discovery">;
  /** The node's payment settings; none when payments are off (nothing to advertise). */
  settings: StartNodeDiscoveryParameters["settings"] | undefined;
};

/** The node's discovery, if it runs, and its status either way. */
export type DiscoveryHandle = {
  discovery: NodeDiscovery | undefined;
  status(): DiscoveryStatus;
};

/**
 * Starts discovery when it is on and there is something to advertise (payments on). A failure
 * to start (e.g. its port is taken) is logged and shown by `status` as an issue, but does not
 * stop the node: running VMs must keep being served and re-adopted.
 *
 * @example const { discovery, status } = await startDiscoveryIfOn({ config, account, settings, budget, allocatedPorts, log });
 */
export async function startDiscoveryIfOn(
  parameters: StartDiscoveryIfOnParameters,
): Promise<DiscoveryHandle> {
  const { config, settings, log } = parameters;
  const off = (reason: string, state: "off" | "error" = "off"): DiscoveryHandle => {
    log(`discovery ${state === "off" ? "off" : "failed"}: ${reason}`);
    return { discovery: undefined, status: () => discoveryOff(reason, state) };
  };
  if (!config.discovery.enabled) return off("turned off (discovery.enabled is false)");
  if (!settings) return off("payments are off: there is no chain or contract to advertise");
  try {
    const discovery = await startNodeDiscovery({ ...parameters, settings });
    return { discovery, status: () => discovery.status() };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return off(`${message}; VMs are served, but requestors cannot find this node`, "error");
  }
}
