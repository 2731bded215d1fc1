import { describe, expect, test } from "vitest";
import { sourceKeyOf } from "./source-key-of.ts";

describe("sourceKeyOf", () => {
  test("an IPv4 address counts alone, also when it arrives IPv4-mapped", () => {
    expect(sourceKeyOf("203.0.113.7")).toBe("203.0.113.7");
    expect(sourceKeyOf("::ffff:203.0.113.7")).toBe("203.0.113.7");
  });
  test("every IPv6 address of one /64 counts as one source", () => {
    expect(sourceKeyOf("2001:db8:1:2:3:4:5:6")).toBe("2001:db8:1:2::/64");
    expect(sourceKeyOf("2001:db8:1:2::ffff")).toBe("2001:db8:1:2::/64");
    expect(sourceKeyOf("2001:db8:1:3::1")).toBe("2001:db8:1:3::/64");
    expect(sourceKeyOf("::1")).toBe("::/64");
  });
  test("no address (a socket already gone) is one shared key", () => {
    expect(sourceKeyOf(undefined)).toBe("unknown");
  });
});
