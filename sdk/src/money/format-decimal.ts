import { GolemError } from "../errors/golem-error.ts";

/** Significant digits every amount is shown with (the CLIs, the demo and the dapp). */
export const DISPLAY_SIGNIFICANT_DIGITS = 6;

/** Amounts smaller than 10^-8 whole tokens are shown as `<0.00000001`. */
const SMALLEST_SHOWN_DIGITS = 8;

/** Options of {@link formatDecimal}. */
export type FormatDecimalOptions = {
  /** Significant digits kept (default {@link DISPLAY_SIGNIFICANT_DIGITS}); whole units are never cut. */
  significantDigits?: number;
};

/**
 * Base units as a decimal number for display, with exact bigint arithmetic (no binary
 * floats): rounded half up to `significantDigits` significant digits, but never to fewer
 * than the whole units, without trailing zeros. Amounts under 10^-8 tokens read `<0.00000001`.
 * For exact values (`--json`, files) keep the base units instead.
 *
 * @example
 * formatDecimal(2_540_000_000_000_001_600n, 18); // "2.54"
 * formatDecimal(992_379_999_999_999_999_952n, 18); // "992.38"
 * formatDecimal(1_234_567_891n, 3); // "1234568"
 */
export function formatDecimal(
  amount: bigint,
  decimals: number,
  options: FormatDecimalOptions = {},
): string {
  const significant = options.significantDigits ?? DISPLAY_SIGNIFICANT_DIGITS;
  if (!Number.isSafeInteger(decimals) || decimals < 0 || decimals > 255) {
    throw new GolemError("VALIDATION_FAILED", `token decimals must be 0 to 255, not ${decimals}`);
  }
  if (!Number.isSafeInteger(significant) || significant < 1) {
    throw new GolemError("VALIDATION_FAILED", `significant digits must be 1 or more`);
  }
  if (amount < 0n) return `-${formatDecimal(-amount, decimals, options)}`;
  if (amount === 0n) return "0";
  if (
    decimals > SMALLEST_SHOWN_DIGITS &&
    amount < 10n ** BigInt(decimals - SMALLEST_SHOWN_DIGITS)
  ) {
    return `<0.${"1".padStart(SMALLEST_SHOWN_DIGITS, "0")}`;
  }
  const scale = 10n ** BigInt(decimals);
  const whole = amount / scale;
  const keep = Math.min(
    decimals,
    whole > 0n
      ? Math.max(0, significant - whole.toString().length)
      : decimals - amount.toString().length + significant,
  );
  const divisor = 10n ** BigInt(decimals - keep);
  const rounded = (amount + divisor / 2n) / divisor;
  const keptScale = 10n ** BigInt(keep);
  const fraction = (rounded % keptScale).toString().padStart(keep, "0").replace(/0+$/, "");
  return fraction === "" ? `${rounded / keptScale}` : `${rounded / keptScale}.${fraction}`;
}
