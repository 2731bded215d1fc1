import type { DriverProbe, VmDriver } from "./driver.ts";
import { VmError } from "./vm-error.ts";

/** One line of `status`: a driver's name and what its probe said. */
export type DriverReport = { name: string } & DriverProbe;

/** The drivers a node knows, in order of preference, each able to say whether it runs here. */
export type DriverRegistry = {
  /** Every registered driver, in order of preference. */
  readonly drivers: readonly VmDriver[];
  /** The driver named `name`; `DRIVER_UNAVAILABLE` if none is registered under it. */
  get(name: string): VmDriver;
  /** Probes every driver (in parallel) and reports usable + reason for each. */
  probeAll(): Promise<DriverReport[]>;
  /**
   * The driver to use: `preferred` when given (failing with its probe's reason if it cannot
   * run), otherwise the first usable one in order.
   */
  select(preferred?: string): Promise<VmDriver>;
};

/**
 * Creates a registry over `drivers` (first = preferred).
 *
 * @example
 * const registry = createDriverRegistry([createQemuDriver(options), createMultipassDriver({ nodeId })]);
 * const driver = await registry.select(config.driver);
 */
export function createDriverRegistry(drivers: readonly VmDriver[]): DriverRegistry {
  const names = new Set<string>();
  for (const driver of drivers) {
    if (names.has(driver.name)) throw new Error(`driver ${driver.name} is registered twice`);
    names.add(driver.name);
  }

  const get = (name: string): VmDriver => {
    const driver = drivers.find((d) => d.name === name);
    if (!driver) {
      throw new VmError("DRIVER_UNAVAILABLE", `No VM driver is named ${JSON.stringify(name)}`, {
        hints: [`Choose one of: ${[...names].join(", ")}.`],
      });
    }
    return driver;
  };

  const probeAll = () => Promise.all(drivers.map(reportOf));

  const select = async (preferred?: string): Promise<VmDriver> => {
    if (preferred !== undefined) {
      const driver = get(preferred);
      const report = await reportOf(driver);
      if (report.usable) return driver;
      throw new VmError(
        "DRIVER_UNAVAILABLE",
        `VM driver ${preferred} cannot run here: ${report.reason}`,
        {
          hints: ["Fix the reason above, or choose another driver."],
          details: { reports: [report] },
        },
      );
    }
    const reports = await probeAll();
    const usable = reports.find((r) => r.usable);
    if (usable) return get(usable.name);
    throw new VmError("DRIVER_UNAVAILABLE", "No VM driver can run here", {
      hints: reports.map((r) => `${r.name}: ${r.reason ?? "unusable"}`),
      details: { reports },
    });
  };

  return { drivers, get, probeAll, select };
}

/** A driver's probe as a report; a probe that throws counts as unusable with the error as reason. */
async function reportOf(driver: VmDriver): Promise<DriverReport> {
  try {
    return { name: driver.name, ...(await driver.probe()) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { name: driver.name, usable: false, reason: `probe failed: ${message}`, details: {} };
  }
}
