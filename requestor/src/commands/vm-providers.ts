import type { AdvertFilters } from "@vm-on-golem/sdk/discovery/filter-adverts";
import { GolemError } from "@vm-on-golem/sdk/errors/golem-error";
import { openChainSession } from "../chain/open-chain-session.ts";
import type { CliContext, GlobalOptions } from "../cli/cli-context.ts";
import { printResult, renderTable } from "../cli/output.ts";
import { formatGlm, parseGlm } from "../format/format-amounts.ts";
import { discoverAdverts } from "./discover-adverts.ts";
import { providerRows } from "./provider-rows.ts";

/** Flags of `golem vm providers`. */
export type ProvidersOptions = GlobalOptions & {
  cpu?: string | undefined;
  memory?: string | undefined;
  storage?: string | undefined;
  country?: string | undefined;
  platform?: string | undefined;
  maxPrice?: string | undefined;
};

/** A whole-number flag (`--cpu 2`), or `VALIDATION_FAILED` naming it. */
export function wholeNumber(text: string | undefined, field: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) {
    throw new GolemError("VALIDATION_FAILED", `${field} must be a whole number, not "${text}"`, {
      hints: [`pass e.g. ${field} 2`],
      details: { field, value: text },
    });
  }
  return Number(text);
}

/**
 * `golem vm providers`: verified adverts for this chain's deployment, cheapest first, with
 * hourly and monthly prices.
 */
export async function runProviders(ctx: CliContext, opts: ProvidersOptions): Promise<void> {
  const config = await ctx.config();
  const session = await openChainSession(config);
  const { GLM } = session.deployment.contracts;
  const filters: AdvertFilters = {
    cpu: wholeNumber(opts.cpu, "--cpu"),
    memoryGiB: wholeNumber(opts.memory, "--memory"),
    storageGiB: wholeNumber(opts.storage, "--storage"),
    country: opts.country?.split(",").map((c) => c.trim()),
    platform: opts.platform,
    maxPrice:
      opts.maxPrice === undefined
        ? undefined
        : parseGlm(opts.maxPrice, GLM.decimals, "--max-price"),
  };
  const rows = providerRows(await discoverAdverts(ctx, config, session, filters), filters);
  const glm = (v: bigint) => formatGlm(v, GLM.decimals, GLM.symbol);
  printResult(ctx, opts, { providers: rows }, () => {
    if (rows.length === 0) return "No providers match. Loosen the filters or try again later.";
    const size = rows[0]?.priceFor;
    return [
      `${rows.length} provider${rows.length === 1 ? "" : "s"} (prices for ${size?.cpu} CPU, ${size?.memoryGiB} GiB RAM, ${size?.storageGiB} GiB disk)`,
      renderTable(
        [
          "Provider ID",
          "Country",
          "Arch",
          "Free CPU",
          "Free RAM",
          "Free disk",
          "Per hour",
          "Per month",
        ],
        rows.map((r) => [
          r.providerId,
          r.country,
          r.platform,
          r.free.cpu,
          `${r.free.memoryGiB} GiB`,
          `${r.free.storageGiB} GiB`,
          glm(r.pricePerHour),
          glm(r.pricePerMonth),
        ]),
      ),
    ].join("\n");
  });
}
