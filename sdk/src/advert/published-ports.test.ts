import { describe, expect, test } from "vitest";
import { checkPublishedPorts, MAX_PUBLISHED_PORTS } from "./published-ports.ts";

describe("checkPublishedPorts", () => {
  test("returns the ports sorted when they are valid and within the limit", () => {
    expect(checkPublishedPorts([443, 80], 4)).toEqual([80, 443]);
    expect(checkPublishedPorts([], 0)).toEqual([]);
    expect(checkPublishedPorts([1, 65_535], 2)).toEqual([1, 65_535]);
  });

  test.each([
    [[0], /not a port/],
    [[65_536], /not a port/],
    [[80.5], /not a port/],
    [[22], /SSH port/],
    [[80, 8080, 80], /asked twice: 80/],
  ])("refuses %j with VALIDATION_FAILED", (ports, message) => {
    expect(() => checkPublishedPorts(ports, 4)).toThrow(
      expect.objectContaining({
        code: "VALIDATION_FAILED",
        message: expect.stringMatching(message),
      }),
    );
  });

  test("refuses more ports than the limit with PORTS_LIMIT_EXCEEDED naming the limit", () => {
    expect(() => checkPublishedPorts([80, 443, 8080], 2)).toThrow(
      expect.objectContaining({
        code: "PORTS_LIMIT_EXCEEDED",
        message: "3 published ports asked, this provider allows at most 2 per VM",
        details: { asked: 3, limit: 2 },
      }),
    );
    expect(() => checkPublishedPorts([80], 0)).toThrow(/allows at most 0/);
  });

  test("never allows more than MAX_PUBLISHED_PORTS, whatever the limit says", () => {
    const ports = Array.from({ length: MAX_PUBLISHED_PORTS + 1 }, (_, i) => 1000 + i);
    expect(() => checkPublishedPorts(ports, 1000)).toThrow(
      expect.objectContaining({ details: { asked: ports.length, limit: MAX_PUBLISHED_PORTS } }),
    );
  });
});
