import { isGolemError } from "@vm-on-golem/sdk/errors/golem-error";
import { describe, expect, it } from "vitest";
import {
  formatDuration,
  formatGlm,
  formatUnixTime,
  hoursToSeconds,
  parseGlm,
} from "./format-amounts.ts";

describe("amount formatting", () => {
  it("formats and parses GLM", () => {
    expect(formatGlm(12_500_000_000_000_000_000n, 18, "GLM")).toBe("12.5 GLM");
    expect(parseGlm("0.5", 18, "--glm")).toBe(5n * 10n ** 17n);
    expect(parseGlm("25", 18, "--glm")).toBe(25n * 10n ** 18n);
  });
  it("refuses bad amounts with VALIDATION_FAILED", () => {
    for (const bad of ["-1", "abc", "1e3", "0.1234567"]) {
      try {
        parseGlm(bad, 6, "--glm");
        expect.unreachable();
      } catch (error) {
        expect(isGolemError(error, "VALIDATION_FAILED")).toBe(true);
      }
    }
  });
  it("converts hours to seconds", () => {
    expect(hoursToSeconds("1.5", "--hours")).toBe(5400n);
    expect(() => hoursToSeconds("0", "--hours")).toThrow(/positive number of hours/);
    expect(() => hoursToSeconds("x", "--hours")).toThrow();
  });
  it("formats durations and times", () => {
    expect(formatDuration(0n)).toBe("0s");
    expect(formatDuration(3725n)).toBe("1h 2m 5s");
    expect(formatDuration(90_061n)).toBe("1d 1h 1m 1s");
    expect(formatUnixTime(0n)).toBe("-");
    expect(formatUnixTime(1_700_000_000n)).toBe("2023-11-14T22:13:20.000Z");
  });
});
