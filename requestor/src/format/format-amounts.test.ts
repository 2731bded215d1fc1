import { describe, expect, it } from "vitest";
import { formatDuration, formatUnixTime, hoursToSeconds } from "./format-amounts.ts";

describe("durations and times", () => {
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
