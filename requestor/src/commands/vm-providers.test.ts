import { isGolemError } from "@vm-on-golem/sdk/errors";
import { describe, expect, it } from "vitest";
import { probeTimeoutMs } from "./vm-providers.ts";

describe("probeTimeoutMs (--probe-timeout)", () => {
  it("is 3 s without the flag and takes whole or decimal seconds", () => {
    expect(probeTimeoutMs(undefined)).toBe(3000);
    expect(probeTimeoutMs("5")).toBe(5000);
    expect(probeTimeoutMs("0.25")).toBe(250);
    expect(probeTimeoutMs("60")).toBe(60_000);
  });

  it("refuses anything else with VALIDATION_FAILED naming the flag and a hint", () => {
    for (const text of ["0", "-1", "soon", "1e3", "", "61", "3s"]) {
      let caught: unknown;
      try {
        probeTimeoutMs(text);
      } catch (error) {
        caught = error;
      }
      expect(isGolemError(caught, "VALIDATION_FAILED"), text).toBe(true);
      if (!isGolemError(caught)) continue;
      expect(caught.details).toEqual({ field: "--probe-timeout", value: text });
      expect(caught.hints.join(" ")).toContain("--probe-timeout 3");
    }
  });
});
