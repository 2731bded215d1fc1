import { describe, expect, it } from "vitest";
import { rateFromOptions, type StreamOpenOptions } from "./stream-open.ts";

const base: StreamOpenOptions = { providerId: "0x01", hours: "1" };

describe("rateFromOptions", () => {
  it("turns GLM per hour into base units per second, rounded up", () => {
    expect(rateFromOptions({ ...base, rate: "3.6" }, 18)).toBe(10n ** 15n);
    expect(rateFromOptions({ ...base, rate: "0.000000000000000001" }, 18)).toBe(1n);
  });
  it("takes base units per second as given", () => {
    expect(rateFromOptions({ ...base, ratePerSecond: "42" }, 18)).toBe(42n);
  });
  it("needs exactly one rate flag, above zero", () => {
    expect(() => rateFromOptions(base, 18)).toThrow(/exactly one/);
    expect(() => rateFromOptions({ ...base, rate: "1", ratePerSecond: "1" }, 18)).toThrow(
      /exactly one/,
    );
    expect(() => rateFromOptions({ ...base, rate: "0" }, 18)).toThrow(/more than 0/);
    expect(() => rateFromOptions({ ...base, ratePerSecond: "0" }, 18)).toThrow(/> 0/);
  });
});
