import { maxUint16, maxUint32, maxUint64, maxUint256 } from "viem";
import { describe, expect, test } from "vitest";
import { tokenAmountSchema, uintDecimal, uintNumber } from "./uint-schemas.ts";

describe("uintDecimal: decimal strings bounded to their Solidity width", () => {
  test.each([
    [16, maxUint16],
    [32, maxUint32],
    [64, maxUint64],
    [256, maxUint256],
  ] as const)("uint%i takes 0 and its maximum, refuses one more", (bits, max) => {
    const schema = uintDecimal(bits);
    expect(schema.parse("0")).toBe("0");
    expect(schema.parse(max.toString())).toBe(max.toString());
    expect(schema.safeParse((max + 1n).toString()).success).toBe(false);
  });

  test.each(["", "-1", "1.5", "1e3", " 1", "0x10", "９", "9".repeat(79)])("refuses %j", (text) => {
    expect(uintDecimal(256).safeParse(text).success).toBe(false);
  });
});

describe("uintNumber: JSON numbers bounded to the width and to exact JavaScript integers", () => {
  test("uint32 stops at 2^32 - 1; uint64 and uint256 at Number.MAX_SAFE_INTEGER", () => {
    expect(uintNumber(32).safeParse(2 ** 32 - 1).success).toBe(true);
    expect(uintNumber(32).safeParse(2 ** 32).success).toBe(false);
    expect(uintNumber(64).safeParse(Number.MAX_SAFE_INTEGER).success).toBe(true);
    expect(uintNumber(64).safeParse(2 ** 64).success).toBe(false);
    expect(uintNumber(256).safeParse(2 ** 256).success).toBe(false);
    for (const bad of [-1, 0.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(uintNumber(16).safeParse(bad).success).toBe(false);
    }
  });
});

test("tokenAmountSchema decodes to bigint and refuses 2^256 (it would not encode as uint256)", () => {
  expect(tokenAmountSchema.parse(maxUint256.toString())).toBe(maxUint256);
  expect(tokenAmountSchema.safeParse((maxUint256 + 1n).toString()).success).toBe(false);
});
