import { GolemError } from "@vm-on-golem/sdk/errors";
import { parseUnits } from "viem";
import { updateConfigFile } from "../config/config-file.ts";
import { providerConfigSchema } from "../config/provider-config.ts";
import { type CliContext, loadConfig } from "./cli-context.ts";
import { pricingShowCommand } from "./pricing-show-command.ts";

/** Options of `golem-provider pricing set`. */
export type PricingSetOptions = {
  usdPerCore?: number;
  usdPerMem?: number;
  usdPerDisk?: number;
  /** Whole tokens (decimal, e.g. "0.5") per core-hour; stored as base units. */
  glmPerCoreHour?: string;
  glmPerMemHour?: string;
  glmPerDiskHour?: string;
  glmPerUsd?: number;
  dataDir?: string;
};

/** Per resource: its USD flag, its token flag and the config keys they set. */
const resources = [
  ["usdPerCore", "glmPerCoreHour", "usdPerCore", "perCoreHour", "core"],
  ["usdPerMem", "glmPerMemHour", "usdPerMemGib", "perGiBMemoryHour", "mem"],
  ["usdPerDisk", "glmPerDiskHour", "usdPerDiskGib", "perGiBDiskHour", "disk"],
] as const;

const tokenAmount = /^\d+(\.\d{1,18})?$/;

/**
 * `golem-provider pricing set`: stores prices in `<dataDir>/config.json`, per resource either
 * in USD per month (`--usd-per-core|mem|disk`, turned into token rates with `--glm-per-usd`) or
 * directly in tokens per hour (`--glm-per-core-hour|mem-hour|disk-hour`). Token prices win
 * over USD prices when any is set, so setting a USD price clears that resource's token price.
 *
 * @example await pricingSetCommand(ctx, { glmPerCoreHour: "0.01", glmPerMemHour: "0.005" });
 */
export async function pricingSetCommand(
  ctx: CliContext,
  options: PricingSetOptions,
): Promise<void> {
  const patch: Record<string, unknown> = {};
  for (const [usdFlag, tokenFlag, usdKey, tokenKey, name] of resources) {
    const usd = options[usdFlag];
    const token = options[tokenFlag];
    if (usd !== undefined && token !== undefined) {
      throw new GolemError(
        "VALIDATION_FAILED",
        `--usd-per-${name} and --${kebab(tokenFlag)} both given`,
        {
          hints: [`price the ${name} either in USD per month or in tokens per hour, not both`],
        },
      );
    }
    if (usd !== undefined) {
      patch[usdKey] = usd;
      patch[tokenKey] = "0";
    }
    if (token !== undefined) {
      if (!tokenAmount.test(token.trim())) {
        throw new GolemError(
          "VALIDATION_FAILED",
          `--${kebab(tokenFlag)} ${token} is not a token amount`,
          {
            hints: ["give whole tokens with at most 18 decimals, e.g. 0.02"],
          },
        );
      }
      patch[tokenKey] = parseUnits(token.trim(), 18).toString();
    }
  }
  if (options.glmPerUsd !== undefined) patch.glmPerUsd = options.glmPerUsd;
  if (Object.keys(patch).length === 0) {
    throw new GolemError("VALIDATION_FAILED", "no price given", {
      hints: [
        "pass --usd-per-core, --usd-per-mem, --usd-per-disk (with --glm-per-usd), or --glm-per-core-hour, --glm-per-mem-hour, --glm-per-disk-hour",
      ],
    });
  }
  const checked = providerConfigSchema.shape.pricing.partial().safeParse(patch);
  if (!checked.success) {
    const fields = checked.error.issues.map((i) => ({
      path: i.path.join("."),
      message: i.message,
    }));
    throw new GolemError(
      "VALIDATION_FAILED",
      `invalid price: ${fields.map((f) => `${f.path}: ${f.message}`).join("; ")}`,
      { details: { fields } },
    );
  }
  const { filePath } = await loadConfig(ctx, { dataDir: options.dataDir });
  // zod fills defaults for keys not given; store only what the operator set.
  const pricing = Object.fromEntries(Object.entries(checked.data).filter(([key]) => key in patch));
  await updateConfigFile(filePath, { pricing });
  ctx.out(`saved to ${filePath} (a running node applies it when restarted)`);
  await pricingShowCommand(ctx, { dataDir: options.dataDir });
}

const kebab = (flag: string) => flag.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
