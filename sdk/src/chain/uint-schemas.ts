import { z } from "zod";

/** Solidity unsigned integer widths that cross the wire in this project. */
export type UintBits = 16 | 32 | 64 | 256;

const digits = /^[0-9]{1,78}$/;
const maxOf = (bits: UintBits) => 2n ** BigInt(bits) - 1n;

/**
 * A JSON number that fits Solidity's `uint<bits>` and a JavaScript number exactly: a whole
 * number from 0 to `min(2^bits - 1, Number.MAX_SAFE_INTEGER)`.
 *
 * @example const expiresAt = uintNumber(64); // unix seconds, signed as uint64
 */
export function uintNumber(bits: UintBits) {
  return z
    .number()
    .int()
    .nonnegative()
    .max(Math.min(Number(maxOf(bits)), Number.MAX_SAFE_INTEGER));
}

/**
 * A decimal string that fits Solidity's `uint<bits>` (0 to 2^bits - 1), kept a string: a stream
 * id in a request body, an amount in a config file. Every decimal string that becomes a uint goes
 * through this (or {@link tokenAmountSchema}), so no value past the width reaches an encoder.
 *
 * @example uintDecimal(256).parse("42"); // "42"
 */
export function uintDecimal(bits: UintBits) {
  const max = maxOf(bits);
  return z
    .string()
    .regex(digits, { message: "a whole number in decimal digits", abort: true })
    .refine(
      (text) => digits.test(text) && BigInt(text) <= max,
      `at most 2^${bits} - 1 (uint${bits})`,
    );
}

/**
 * A token amount: a uint256 decimal string on the wire (prices, rates), a `bigint` in code.
 *
 * @example tokenAmountSchema.parse("2200000000"); // 2200000000n
 */
export const tokenAmountSchema = z.codec(
  uintDecimal(256),
  z.bigint().nonnegative().max(maxOf(256)),
  { decode: (text) => BigInt(text), encode: (value) => value.toString() },
);
