import { join } from "node:path";
import type { DatabaseSync } from "node:sqlite";
import type { SigningClient } from "@vm-on-golem/sdk/contract";
import type { ProviderConfig } from "../config/provider-config.ts";
import type { NodePayments } from "../payments/create-node-payments.ts";
import { createVmPayments } from "../payments/create-vm-payments.ts";
import { readHostResources } from "../resources/host-resources.ts";
import { createVmService, type VmService } from "../service/vm-service.ts";
import type { VmDriver } from "../vm/driver.ts";
import { createHostKeyStore } from "../vm/host-keys.ts";
import { onServiceChange } from "./on-service-change.ts";

/** Parameters of {@link createNodeService}. */
export type CreateNodeServiceParameters = {
  config: ProviderConfig;
  db: DatabaseSync;
  driver: VmDriver;
  /** The node's payments; undefined when payments are off (VMs are then free). */
  /** `wallet`: the payment key as a wallet, which closes a destroyed VM's stream. */
  payments: (NodePayments & { wallet: SigningClient }) | undefined;
  log: (line: string) => void;
  /** Called after every call that can change what the node has free (see {@link onServiceChange}). */
  onChange: () => void;
};

/**
 * The node's VM service as its config says: SSH forward ranges, each VM's SSH host keys in
 * `<dataDir>/host-keys`, the host's resources and the resource policy, stream payments when on, the health check interval. Every create, destroy
 * and recovery calls `onChange` afterwards, so the advert can follow the free resources.
 *
 * @example const service = createNodeService({ config, db, driver, payments, log, onChange: () => void discovery?.refresh() });
 */
export function createNodeService(parameters: CreateNodeServiceParameters): VmService {
  const { config, db, payments, log } = parameters;
  return onServiceChange(
    createVmService({
      db,
      driver: parameters.driver,
      hostKeys: createHostKeyStore({ dir: join(config.dataDir, "host-keys") }),
      ssh: {
        bindHost: config.ssh.bindHost,
        publicRange: { start: config.ssh.portRangeStart, end: config.ssh.portRangeEnd },
        hostRange: { start: config.ssh.hostPortRangeStart, end: config.ssh.hostPortRangeEnd },
        bannerTimeoutMs: config.ssh.bannerTimeoutSeconds * 1000,
        limits: {
          idleTimeoutMs: config.ssh.idleTimeoutSeconds * 1000,
          maxConnections: config.ssh.maxConnections,
          maxConnectionsPerIp: config.ssh.maxConnectionsPerIp,
        },
      },
      hostResources: () => readHostResources(config.dataDir),
      policy: config.resources,
      payments:
        payments &&
        createVmPayments({
          ...payments,
          db,
          stopBelowSeconds: config.payments.monitor.stopBelowSeconds,
        }),
      maxPublishedPorts: config.vms.maxPublishedPorts,
      healthIntervalMs: config.vms.healthIntervalSeconds * 1000,
      log,
    }),
    parameters.onChange,
  );
}
