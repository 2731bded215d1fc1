import type { GuestNetworkMode } from "../net/guest-network-mode.ts";
import type { VmDriver } from "../vm/driver.ts";
import type { StatusFacts } from "./node-status.ts";

/**
 * A driver's probe in the shape `status` and `provider/info` show: name, usable, the
 * accelerator VMs run with (`kvm`/`tcg` when the driver says), the guest network in force
 * (when the driver decides it) and the reason when unusable.
 *
 * @example const report = await describeDriver(driver);
 */
export async function describeDriver(driver: VmDriver): Promise<StatusFacts["driver"]> {
  try {
    const probe = await driver.probe();
    const accel = probe.details.accel;
    const network = probe.details.network as GuestNetworkMode | undefined;
    return {
      name: driver.name,
      usable: probe.usable,
      accel: accel === "kvm" || accel === "tcg" ? accel : null,
      reason: probe.reason ?? null,
      ...(network === undefined ? {} : { network }),
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { name: driver.name, usable: false, accel: null, reason: `probe failed: ${message}` };
  }
}
