import { expect, test } from "vitest";
import { toStreamId } from "./stream-id.ts";

test("toStreamId parses bigints, safe integers and decimal strings", () => {
  expect(toStreamId(42n)).toBe(42n);
  expect(toStreamId(7)).toBe(7n);
  expect(toStreamId("123456789012345678901234567890")).toBe(123456789012345678901234567890n);
});

test("toStreamId rejects 0, negatives, fractions, hex and words", () => {
  for (const bad of [0n, -1n, 0, 1.5, "0", "-3", "0x10", "abc", "", 2n ** 256n]) {
    expect(() => toStreamId(bad)).toThrowError(
      expect.objectContaining({ code: "VALIDATION_FAILED" }),
    );
  }
});
