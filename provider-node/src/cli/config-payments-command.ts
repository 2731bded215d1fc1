import { GolemError } from "@vm-on-golem/sdk/errors";
import { updateConfigFile } from "../config/config-file.ts";
import { providerConfigSchema } from "../config/provider-config.ts";
import { type CliContext, loadConfig } from "./cli-context.ts";

/** Options of `golem-provider config monitor`. */
export type ConfigMonitorOptions = {
  enable?: boolean;
  interval?: number;
  minRemaining?: number;
  grace?: number;
  dataDir?: string;
};

/** Options of `golem-provider config withdraw`. */
export type ConfigWithdrawOptions = {
  enable?: boolean;
  interval?: number;
  minWei?: string;
  dataDir?: string;
};

const defined = (patch: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));

async function store(
  ctx: CliContext,
  key: "monitor" | "withdraw",
  given: Record<string, unknown>,
  dataDir: string | undefined,
) {
  if (Object.keys(given).length === 0) {
    throw new GolemError("VALIDATION_FAILED", `no ${key} setting given`, {
      hints: [`see golem-provider config ${key} --help`],
    });
  }
  const schema = providerConfigSchema.shape.payments.shape[key].partial();
  const checked = schema.safeParse(given);
  if (!checked.success) {
    const text = checked.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new GolemError("VALIDATION_FAILED", `invalid ${key} setting: ${text}`);
  }
  const { filePath } = await loadConfig(ctx, { dataDir });
  // zod fills defaults for keys not given; store only what the operator set.
  const stored = Object.fromEntries(Object.entries(checked.data).filter(([k]) => k in given));
  await updateConfigFile(filePath, { payments: { [key]: stored } });
  ctx.out(`saved payments.${key} ${JSON.stringify(stored)} to ${filePath} (restart the node)`);
}

/**
 * `golem-provider config monitor [--enable B] [--interval S] [--min-remaining S] [--grace S]`:
 * stores the stream monitor's settings (`--min-remaining` is the stop threshold).
 */
export function configMonitorCommand(ctx: CliContext, options: ConfigMonitorOptions) {
  const given = defined({
    enabled: options.enable,
    intervalSeconds: options.interval,
    stopBelowSeconds: options.minRemaining,
    graceSeconds: options.grace,
  });
  return store(ctx, "monitor", given, options.dataDir);
}

/** `golem-provider config withdraw [--enable B] [--interval S] [--min-wei N]`: auto-withdraw settings. */
export function configWithdrawCommand(ctx: CliContext, options: ConfigWithdrawOptions) {
  const given = defined({
    enabled: options.enable,
    intervalSeconds: options.interval,
    minWei: options.minWei,
  });
  return store(ctx, "withdraw", given, options.dataDir);
}
