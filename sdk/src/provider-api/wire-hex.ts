import { z } from "zod";

/**
 * `0x` and exactly `hexDigits` hex digits, typed as viem's `0x${string}` (`Address`, `Hex`); in
 * JSON Schema the pattern `^0x[0-9a-fA-F]{n}$`.
 *
 * @example wireHex(40).parse("0x00000000000000000000000000000000000000aa");
 */
export function wireHex(hexDigits: number) {
  return z.templateLiteral(["0x", z.string().regex(new RegExp(`^[0-9a-fA-F]{${hexDigits}}$`))]);
}

/** An address as JSON: 0x and 40 hex digits, any case. */
export const wireAddressSchema = wireHex(40);
