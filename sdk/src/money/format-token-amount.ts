import { type FormatDecimalOptions, formatDecimal } from "./format-decimal.ts";

/** The token an amount is counted in: its decimals and its symbol (`tGLM`, `GLM`, `ETH`). */
export type TokenUnit = { readonly decimals: number; readonly symbol: string };

/**
 * Base units as a token amount for display, e.g. `2.54 tGLM` (see {@link formatDecimal} for
 * the rounding: 6 significant digits, exact bigint arithmetic).
 *
 * @example
 * formatTokenAmount(12_500_000_000_000_000_000n, { decimals: 18, symbol: "GLM" }); // "12.5 GLM"
 */
export function formatTokenAmount(
  amount: bigint,
  token: TokenUnit,
  options?: FormatDecimalOptions,
): string {
  return `${formatDecimal(amount, token.decimals, options)} ${token.symbol}`;
}
