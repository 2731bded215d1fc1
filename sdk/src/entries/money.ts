/**
 * `@vm-on-golem/sdk/money`: the one money formatter of the CLIs, the demo and the dapp: bigint base
 * units formatted with exact decimal arithmetic (6 significant digits and the token symbol), rates
 * per hour and per month (730 hours), exact parsing of typed amounts and hours, USD conversions.
 */
export { formatDecimal } from "../money/format-decimal.ts";
export { formatHourlyPrice, formatRate } from "../money/format-rate.ts";
export { formatTokenAmount } from "../money/format-token-amount.ts";
export { HOURS_PER_MONTH } from "../money/hours-per-month.ts";
export { parseTokenAmount } from "../money/parse-token-amount.ts";
export { secondsOfHours } from "../money/seconds-of-hours.ts";
export { hourlyFromUsdPerMonth, usdPerMonthOfHourly } from "../money/usd-prices.ts";
