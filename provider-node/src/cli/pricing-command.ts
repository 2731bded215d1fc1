import { GolemError } from "@vm-on-golem/sdk/errors/golem-error";
import { updateConfigFile } from "../config/config-file.ts";
import { type ProviderConfig, providerConfigSchema } from "../config/provider-config.ts";
import { hourlyPricesOf } from "../payments/hourly-prices-of.ts";
import { type CliContext, loadConfig } from "./cli-context.ts";
import { renderTable } from "./render-table.ts";

/** Options of `golem-provider pricing set`. */
export type PricingSetOptions = {
  usdPerCore?: number;
  usdPerMem?: number;
  usdPerDisk?: number;
  glmPerUsd?: number;
  dataDir?: string;
};

/**
 * `golem-provider pricing set`: stores USD prices per month (per core, per GiB memory, per
 * GiB disk) and optionally the GLM-per-USD rate in `<dataDir>/config.json`. Token rates per
 * second are derived from these once payments exist.
 */
export async function pricingSetCommand(
  ctx: CliContext,
  options: PricingSetOptions,
): Promise<void> {
  const patch = {
    usdPerCore: options.usdPerCore,
    usdPerMemGib: options.usdPerMem,
    usdPerDiskGib: options.usdPerDisk,
    glmPerUsd: options.glmPerUsd,
  };
  const given = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
  if (Object.keys(given).length === 0) {
    throw new GolemError("VALIDATION_FAILED", "no price given", {
      hints: ["pass --usd-per-core, --usd-per-mem, --usd-per-disk or --glm-per-usd"],
    });
  }
  const checked = providerConfigSchema.shape.pricing.partial().safeParse(given);
  if (!checked.success) {
    const fields = checked.error.issues.map((i) => ({
      path: i.path.join("."),
      message: i.message,
    }));
    throw new GolemError(
      "VALIDATION_FAILED",
      `invalid price: ${fields.map((f) => `${f.path}: ${f.message}`).join("; ")}`,
      {
        details: { fields },
      },
    );
  }
  const { filePath } = await loadConfig(ctx, { dataDir: options.dataDir });
  // zod fills defaults for keys not given; store only what the operator set.
  const pricing = Object.fromEntries(Object.entries(checked.data).filter(([key]) => key in given));
  await updateConfigFile(filePath, { pricing });
  ctx.out(`saved to ${filePath}`);
  await pricingShowCommand(ctx, { dataDir: options.dataDir });
}

/** `golem-provider pricing show [--json]`: the prices in effect and where each comes from. */
export async function pricingShowCommand(
  ctx: CliContext,
  options: { json?: boolean; dataDir?: string },
): Promise<void> {
  const { config, keys } = await loadConfig(ctx, { dataDir: options.dataDir });
  if (options.json) {
    ctx.out(JSON.stringify({ ...config.pricing, tokenPrices: tokenPricesOf(config) }, null, 2));
    return;
  }
  const labels: Record<string, string> = {
    usdPerCore: "USD per core per month",
    usdPerMemGib: "USD per GiB memory per month",
    usdPerDiskGib: "USD per GiB disk per month",
    glmPerUsd: "GLM per USD",
    perCoreHour: "token units per core per hour",
    perGiBMemoryHour: "token units per GiB memory per hour",
    perGiBDiskHour: "token units per GiB disk per hour",
  };
  const rows = keys
    .filter((k) => k.path[0] === "pricing")
    .map((k) => [labels[k.path[1] as string] ?? k.path.join("."), String(k.value), k.source]);
  ctx.out(renderTable(["price", "value", "source"], rows));
  const prices = tokenPricesOf(config);
  ctx.out(
    `in effect (token base units per hour): core ${prices.perCoreHour}, GiB memory ${prices.perGiBMemoryHour}, GiB disk ${prices.perGiBDiskHour}`,
  );
}

/** The hourly token prices in effect, as decimal strings. */
function tokenPricesOf(config: ProviderConfig) {
  const prices = hourlyPricesOf(config.pricing);
  return {
    perCoreHour: prices.perCoreHour.toString(),
    perGiBMemoryHour: prices.perGiBMemoryHour.toString(),
    perGiBDiskHour: prices.perGiBDiskHour.toString(),
  };
}
