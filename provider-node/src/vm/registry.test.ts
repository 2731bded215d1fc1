import { describe, expect, it } from "vitest";
import type { DriverProbe, VmDriver } from "./driver.ts";
import { createDriverRegistry } from "./registry.ts";
import { isVmError } from "./vm-error.ts";

// Drivers here are stubs on purpose: the registry's logic is what is under test, and each
// real driver's probe has its own tests.
const stub = (name: string, probe: DriverProbe | Error): VmDriver => {
  const fail = () => Promise.reject(new Error("not used"));
  return {
    name,
    probe: () => (probe instanceof Error ? Promise.reject(probe) : Promise.resolve(probe)),
    create: fail,
    start: fail,
    stop: fail,
    destroy: fail,
    inspect: fail,
    list: fail,
  };
};

describe("createDriverRegistry", () => {
  const qemu = stub("qemu", {
    usable: false,
    reason: "qemu-system-x86_64 is not installed",
    details: {},
  });
  const multipass = stub("multipass", { usable: true, details: { multipass: "1.14.1" } });
  const broken = stub("broken", new Error("boom"));
  const registry = createDriverRegistry([qemu, multipass, broken]);

  it("reports every driver's probe with its reason", async () => {
    expect(await registry.probeAll()).toEqual([
      { name: "qemu", usable: false, reason: "qemu-system-x86_64 is not installed", details: {} },
      { name: "multipass", usable: true, details: { multipass: "1.14.1" } },
      { name: "broken", usable: false, reason: "probe failed: boom", details: {} },
    ]);
  });

  it("selects the first usable driver, or the preferred one when it can run", async () => {
    expect((await registry.select()).name).toBe("multipass");
    expect((await registry.select("multipass")).name).toBe("multipass");
  });

  it("fails with DRIVER_UNAVAILABLE and the reason when the preferred driver cannot run", async () => {
    const error = await registry.select("qemu").catch((e: unknown) => e);
    expect(isVmError(error, "DRIVER_UNAVAILABLE")).toBe(true);
    expect((error as Error).message).toBe(
      "VM driver qemu cannot run here: qemu-system-x86_64 is not installed",
    );
  });

  it("lists every reason when no driver can run", async () => {
    const error = await createDriverRegistry([qemu, broken])
      .select()
      .catch((e: unknown) => e);
    expect(isVmError(error, "DRIVER_UNAVAILABLE")).toBe(true);
    expect((error as { hints: string[] }).hints).toEqual([
      "qemu: qemu-system-x86_64 is not installed",
      "broken: probe failed: boom",
    ]);
  });

  it("refuses unknown names and duplicate registrations", () => {
    expect(() => registry.get("lxd")).toThrow(/No VM driver is named "lxd"/);
    expect(() => createDriverRegistry([qemu, qemu])).toThrow(/registered twice/);
  });
});
