/**
 * Hours in the month every monthly price is quoted for: 365 × 24 / 12 = 730 (a calendar
 * year split in twelve equal months, the convention of cloud price lists). The CLI, the
 * provider CLI, the demo and the dapp all use this one constant.
 *
 * @example
 * perHour * HOURS_PER_MONTH; // the monthly price of an hourly one
 */
export const HOURS_PER_MONTH = 730n;

/** Seconds in an hour. */
export const SECONDS_PER_HOUR = 3600n;

/** Seconds in the month of {@link HOURS_PER_MONTH}: 2,628,000. */
export const SECONDS_PER_MONTH = HOURS_PER_MONTH * SECONDS_PER_HOUR;
