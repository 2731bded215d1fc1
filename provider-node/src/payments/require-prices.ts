import { GolemError } from "@vm-on-golem/sdk/errors";
import type { ProviderConfig } from "../config/provider-config.ts";
import { hourlyPricesOf } from "./hourly-prices-of.ts";

/**
 * Refuses a node with payments on whose prices are all zero (`PRICES_NOT_SET`, with the
 * commands that set them): the StreamPayment contract refuses a stream at rate 0, so such a
 * node would advertise and sign offers no requestor can pay. Runs at `golem-provider start`,
 * before anything else is started.
 *
 * @example requirePrices(config);
 */
export function requirePrices(config: Pick<ProviderConfig, "payments" | "pricing">): void {
  if (!config.payments.enabled) return;
  const prices = hourlyPricesOf(config.pricing);
  if (prices.perCoreHour + prices.perGiBMemoryHour + prices.perGiBDiskHour > 0n) return;
  const { usdPerCore, usdPerMemGib, usdPerDiskGib } = config.pricing;
  const inUsd = usdPerCore + usdPerMemGib + usdPerDiskGib > 0;
  throw new GolemError(
    "PRICES_NOT_SET",
    inUsd
      ? "payments are on and prices are set in USD, but pricing.glmPerUsd is 0, so every token price is 0: the StreamPayment contract refuses a stream at rate 0"
      : "payments are on but every price is 0: the StreamPayment contract refuses a stream at rate 0, so no VM could be rented",
    {
      hints: inUsd
        ? ["set the exchange rate: golem-provider pricing set --glm-per-usd 4"]
        : [
            "set prices in tokens per hour: golem-provider pricing set --glm-per-core-hour 0.01 --glm-per-mem-hour 0.005 --glm-per-disk-hour 0.0001",
            "or in USD per month: golem-provider pricing set --usd-per-core 5 --usd-per-mem 2 --usd-per-disk 0.1 --glm-per-usd 4",
            "or run without payments: golem-provider start --no-payments",
          ],
      details: { pricing: config.pricing },
    },
  );
}
