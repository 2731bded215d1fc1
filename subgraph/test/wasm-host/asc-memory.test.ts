// graph-node's BigInt byte encoding, as the test host writes and reads it.
import { describe, expect, test } from "vitest";
import { bigIntToBytes, bytesToBigInt } from "./asc-memory.ts";

describe("graph-node BigInt bytes (signed little-endian, shortest)", () => {
  test.each([
    [0n, [0]],
    [1n, [1]],
    [127n, [0x7f]],
    [128n, [0x80, 0]],
    [255n, [0xff, 0]],
    [256n, [0, 1]],
    [-1n, [0xff]],
    [-128n, [0x80]],
    [-129n, [0x7f, 0xff]],
  ])("%s", (value, bytes) => {
    expect([...bigIntToBytes(value)]).toEqual(bytes);
    expect(bytesToBigInt(Uint8Array.from(bytes))).toBe(value);
  });

  test("uint256 max round-trips", () => {
    const max = 2n ** 256n - 1n;
    expect(bytesToBigInt(bigIntToBytes(max))).toBe(max);
  });
});
