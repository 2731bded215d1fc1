import { hourlyFromUsdPerMonth } from "@vm-on-golem/sdk/money";
import type { HourlyPrices } from "@vm-on-golem/sdk/stream";
import type { ProviderConfig } from "../config/provider-config.ts";

/** GLM has 18 decimals on every deployment; USD prices are converted to its base units. */
const glmDecimals = 18;

/**
 * The node's prices in token base units per hour: the token prices when any is set, else the
 * USD monthly prices converted with `glmPerUsd` over the sdk's 730-hour month (exact decimal
 * arithmetic, rounded half up to a base unit), else zero.
 *
 * @example hourlyPricesOf(config.pricing).perCoreHour; // 5000000000000000n
 */
export function hourlyPricesOf(pricing: ProviderConfig["pricing"]): HourlyPrices {
  const token = {
    perCoreHour: BigInt(pricing.perCoreHour),
    perGiBMemoryHour: BigInt(pricing.perGiBMemoryHour),
    perGiBDiskHour: BigInt(pricing.perGiBDiskHour),
  };
  if (token.perCoreHour + token.perGiBMemoryHour + token.perGiBDiskHour > 0n) return token;
  const fromUsd = (usdPerMonth: number) =>
    hourlyFromUsdPerMonth(usdPerMonth, pricing.glmPerUsd, glmDecimals);
  return {
    perCoreHour: fromUsd(pricing.usdPerCore),
    perGiBMemoryHour: fromUsd(pricing.usdPerMemGib),
    perGiBDiskHour: fromUsd(pricing.usdPerDiskGib),
  };
}
