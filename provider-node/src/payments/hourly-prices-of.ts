import type { HourlyPrices } from "@vm-on-golem/sdk/stream/rate-per-second";
import { parseUnits } from "viem";
import type { ProviderConfig } from "../config/provider-config.ts";

const hoursPerMonth = 720;

/**
 * The node's prices in token base units per hour: the token prices when any is set, else the
 * USD monthly prices converted with `glmPerUsd` (18 decimals, 30-day month), else zero.
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
    parseUnits(((usdPerMonth * pricing.glmPerUsd) / hoursPerMonth).toFixed(18), 18);
  return {
    perCoreHour: fromUsd(pricing.usdPerCore),
    perGiBMemoryHour: fromUsd(pricing.usdPerMemGib),
    perGiBDiskHour: fromUsd(pricing.usdPerDiskGib),
  };
}
