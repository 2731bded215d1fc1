import { isGolemError } from "@vm-on-golem/sdk/errors";
import { formatDecimal, HOURS_PER_MONTH, usdPerMonthOfHourly } from "@vm-on-golem/sdk/money";
import { formatUnits } from "viem";
import { readLivePid, runtimePaths } from "../daemon/pid-file.ts";
import { type PricingReport, pricingReport } from "../payments/pricing-report.ts";
import { type CliContext, loadConfig } from "./cli-context.ts";
import { operatorRequest } from "./operator-client.ts";
import { renderTable } from "./render-table.ts";

/** Options of `golem-provider pricing show`. */
export type PricingShowOptions = { json?: boolean; dataDir?: string };

const resources = [
  ["core", "perCoreHour"],
  ["GiB memory", "perGiBMemoryHour"],
  ["GiB disk", "perGiBDiskHour"],
] as const;

const labels: Record<string, string> = {
  usdPerCore: "USD per core per month",
  usdPerMemGib: "USD per GiB memory per month",
  usdPerDiskGib: "USD per GiB disk per month",
  glmPerUsd: "GLM per USD",
  perCoreHour: "token base units per core per hour",
  perGiBMemoryHour: "token base units per GiB memory per hour",
  perGiBDiskHour: "token base units per GiB disk per hour",
};

/**
 * `golem-provider pricing show [--json]`: what the node charges. When a node runs in the data
 * directory, its own answer over the operator socket (the prices its offers are signed at,
 * whatever this shell's environment says); otherwise the prices the configuration would give,
 * labelled "configured, not running", with each setting's source. Amounts are exact base units
 * in `--json` and rounded to 6 significant digits in text.
 *
 * @example await pricingShowCommand(ctx, { json: true });
 */
export async function pricingShowCommand(
  ctx: CliContext,
  options: PricingShowOptions,
): Promise<void> {
  const { config, keys } = await loadConfig(ctx, { dataDir: options.dataDir });
  const paths = runtimePaths(config.dataDir);
  const pid = await readLivePid(paths.pidFile);
  let report: PricingReport | undefined;
  if (pid !== undefined) {
    try {
      report = await operatorRequest<PricingReport>(
        paths.operatorSocket,
        "GET",
        "/pricing",
        10_000,
      );
    } catch (error) {
      if (!isGolemError(error, "DAEMON_NOT_RUNNING")) throw error;
    }
  }
  const running = report !== undefined;
  report ??= await pricingReport(config, "config");
  const { token } = report;
  const perResource = Object.fromEntries(
    resources.map(([name, key]) => {
      const units = BigInt(report.prices[key]);
      return [
        name,
        {
          units,
          tokenPerHour: formatUnits(units, token.decimals),
          usdPerMonth: usdPerMonthOfHourly(units, report.glmPerUsd, token.decimals),
        },
      ];
    }),
  );
  if (options.json) {
    ctx.out(
      JSON.stringify(
        {
          source: report.source,
          running,
          pid: running ? (pid ?? null) : null,
          paymentsEnabled: report.paymentsEnabled,
          chainId: report.chainId,
          tokenPrices: report.prices,
          inEffect: {
            symbol: token.symbol,
            decimals: token.decimals,
            ...Object.fromEntries(
              Object.entries(perResource).map(([name, p]) => [
                name,
                { tokenPerHour: p.tokenPerHour, usdPerMonth: p.usdPerMonth },
              ]),
            ),
          },
          configured: report.configured,
        },
        null,
        2,
      ),
    );
    return;
  }
  ctx.out(
    running
      ? `charged by the running node (pid ${pid}), paid in ${token.symbol} on chain ${report.chainId}:`
      : `configured, not running (no node answers in ${config.dataDir}); a node started with this configuration charges, in ${token.symbol} on chain ${report.chainId}:`,
  );
  ctx.out(
    renderTable(
      ["resource", `${token.symbol} per hour`, `${token.symbol} per month`, "USD per month"],
      Object.entries(perResource).map(([name, p]) => [
        name,
        formatDecimal(p.units, token.decimals),
        formatDecimal(p.units * HOURS_PER_MONTH, token.decimals),
        p.usdPerMonth ?? "- (set --glm-per-usd)",
      ]),
    ),
  );
  ctx.out(`(a month is ${HOURS_PER_MONTH} hours)`);
  if (!report.paymentsEnabled) ctx.out("payments are off: VMs are not charged");
  else if (Object.values(perResource).every((p) => p.units === 0n)) {
    ctx.out(
      "every price is 0: `golem-provider start` refuses to run with payments on until prices are set (`golem-provider pricing set`)",
    );
  }
  if (running) return;
  const rows = keys
    .filter((k) => k.path[0] === "pricing")
    .map((k) => [labels[k.path[1] as string] ?? k.path.join("."), String(k.value), k.source]);
  ctx.out("settings:");
  ctx.out(renderTable(["price", "value", "source"], rows));
}
