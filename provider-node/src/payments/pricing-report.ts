import type { HourlyPrices } from "@vm-on-golem/sdk/stream";
import type { ProviderConfig } from "../config/provider-config.ts";
import { hourlyPricesOf } from "./hourly-prices-of.ts";
import { type PaymentToken, paymentTokenOf } from "./payment-token.ts";

/**
 * The prices a node charges, as `golem-provider pricing show` prints them: from the running
 * daemon (`source: "daemon"`, what it signs offers at) or, when none runs, from the
 * configuration the CLI resolves (`source: "config"`).
 */
export type PricingReport = {
  source: "daemon" | "config";
  paymentsEnabled: boolean;
  chainId: number;
  token: PaymentToken;
  /** Token base units per hour (decimal strings, exact). */
  prices: { perCoreHour: string; perGiBMemoryHour: string; perGiBDiskHour: string };
  /** GLM per USD the USD prices are converted with (0: not set). */
  glmPerUsd: number;
  /** The `pricing` settings the prices come from. */
  configured: ProviderConfig["pricing"];
};

/**
 * Builds the {@link PricingReport} of `config`; a running node passes the prices it resolved
 * at start (`charged`), which are what its offers use.
 *
 * @example const report = await pricingReport(config, "daemon", payments.settings.prices);
 */
export async function pricingReport(
  config: ProviderConfig,
  source: PricingReport["source"],
  charged: HourlyPrices = hourlyPricesOf(config.pricing),
): Promise<PricingReport> {
  return {
    source,
    paymentsEnabled: config.payments.enabled,
    chainId: config.payments.chainId,
    token: await paymentTokenOf(config),
    prices: {
      perCoreHour: charged.perCoreHour.toString(),
      perGiBMemoryHour: charged.perGiBMemoryHour.toString(),
      perGiBDiskHour: charged.perGiBDiskHour.toString(),
    },
    glmPerUsd: config.pricing.glmPerUsd,
    configured: config.pricing,
  };
}
