import { describe, expect, it } from "vitest";
import { probeAccel } from "./accel-probe.ts";

describe("probeAccel", () => {
  it("runs the test guest to its end under TCG", async () => {
    const result = await probeAccel("tcg", { timeoutMs: 10_000 });
    expect(result).toMatchObject({ accel: "tcg", usable: true });
  });

  it("answers for KVM within its time limit whether KVM works here or not", async () => {
    const result = await probeAccel("kvm", { timeoutMs: 1500 });
    expect(result.accel).toBe("kvm");
    expect(result.elapsedMs).toBeLessThan(5000);
    if (!result.usable) expect(result.reason).toMatch(/\S/);
  });

  it("reports a missing QEMU as the reason", async () => {
    const result = await probeAccel("tcg", { qemuBinary: "qemu-system-does-not-exist" });
    expect(result).toMatchObject({
      usable: false,
      reason: "qemu-system-does-not-exist is not installed",
    });
  });
});
