import { join } from "node:path";
import type { ProviderConfig } from "../config/provider-config.ts";
import { ensureBaseImage } from "../image/ensure-base-image.ts";
import type { DriverProbe, VmDriver } from "../vm/driver.ts";
import { createMultipassDriver } from "../vm/multipass/multipass-driver.ts";
import { createQemuDriver } from "../vm/qemu/qemu-driver.ts";
import { createDriverRegistry } from "../vm/registry.ts";
import { VmError } from "../vm/vm-error.ts";
import { readNodeId } from "./read-node-id.ts";

/** Options of {@link createNodeDriver}. */
export type CreateNodeDriverOptions = {
  /** Build the QEMU base image when it is not cached (start: yes; status: no, it takes minutes). */
  buildImage: boolean;
  log?: (line: string) => void;
};

/**
 * The node's VM driver as configured (`driver`: qemu or multipass), through the driver
 * registry. When the QEMU base image is missing and may not be built here, or building it
 * fails, the QEMU driver is replaced by one that probes unusable with the reason, so
 * `status` can show it and `start` fails with `DRIVER_UNAVAILABLE`.
 *
 * @example const driver = await createNodeDriver(config, { buildImage: true, log });
 */
export async function createNodeDriver(
  config: ProviderConfig,
  options: CreateNodeDriverOptions,
): Promise<VmDriver> {
  const log = options.log ?? (() => {});
  const drivers: VmDriver[] = [];
  if (config.driver === "qemu") {
    try {
      const image = await ensureBaseImage({
        cacheDir: config.cacheDir,
        log,
        ...(options.buildImage
          ? {}
          : {
              build: () => {
                throw new VmError("DRIVER_UNAVAILABLE", "the QEMU base image is not built yet");
              },
            }),
      });
      drivers.push(
        createQemuDriver({
          stateDir: join(config.dataDir, "vms"),
          image,
          network: config.vms.network,
          isolated: {
            bridge: config.vms.bridge,
            subnet: config.vms.subnet,
            allowEgress: config.vms.allowEgress,
            connectionLimits: {
              perGuest: config.ssh.maxConnections,
              perSource: config.ssh.maxConnectionsPerIp,
            },
            idleTimeoutSeconds: config.ssh.idleTimeoutSeconds,
          },
          nameservers: config.vms.nameservers,
          ...(config.vms.snapshots === "on"
            ? { snapshots: { cacheDir: config.cacheDir, recipeHash: image.recipeHash } }
            : {}),
          log,
        }),
      );
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      drivers.push(
        unusableDriver("qemu", `${reason} (it is built at the first start; needs root)`),
      );
    }
  } else {
    drivers.push(createMultipassDriver({ nodeId: await readNodeId(config.dataDir), log }));
  }
  return createDriverRegistry(drivers).get(config.driver);
}

/** A driver that cannot run, for reporting why. */
export function unusableDriver(name: string, reason: string): VmDriver {
  const fail = async (): Promise<never> => {
    throw new VmError("DRIVER_UNAVAILABLE", `the ${name} driver cannot run here: ${reason}`);
  };
  const probe: DriverProbe = { usable: false, reason, details: {} };
  return {
    name,
    probe: async () => probe,
    create: fail,
    start: fail,
    stop: fail,
    destroy: fail,
    inspect: fail,
    list: fail,
  };
}
