import { GolemError } from "@vm-on-golem/sdk/errors";
import type { VmDriver } from "../vm/driver.ts";
import { describeDriver } from "./describe-driver.ts";
import type { StatusFacts } from "./node-status.ts";

/**
 * Probes the node's driver and fails with `DRIVER_UNAVAILABLE` (and the probe's reason) when
 * it cannot run VMs here; logs a warning when VMs would run under TCG. Returns the report that
 * `status` and `provider/info` show.
 *
 * @example const driverReport = await requireUsableDriver(driver, console.log);
 */
export async function requireUsableDriver(
  driver: VmDriver,
  log: (line: string) => void,
): Promise<StatusFacts["driver"]> {
  const driverReport = await describeDriver(driver);
  if (!driverReport.usable) {
    throw new GolemError(
      "DRIVER_UNAVAILABLE",
      `the ${driver.name} driver cannot run here: ${driverReport.reason}`,
    );
  }
  if (driverReport.accel === "tcg") log("KVM is not usable: VMs run under TCG (slow)");
  return driverReport;
}
