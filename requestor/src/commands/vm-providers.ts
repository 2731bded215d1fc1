import { isDevChain } from "@vm-on-golem/sdk/advert";
import type { AdvertFilters } from "@vm-on-golem/sdk/discovery";
import { DEFAULT_PROBE_TIMEOUT_MS, probeProviders } from "@vm-on-golem/sdk/discovery";
import { GolemError } from "@vm-on-golem/sdk/errors";
import { parseTokenAmount } from "@vm-on-golem/sdk/money";
import { openChainSession } from "../chain/open-chain-session.ts";
import { ownDeployment } from "../chain/own-deployment.ts";
import { payingWith } from "../chain/paying-with.ts";
import type { CliContext, GlobalOptions } from "../cli/cli-context.ts";
import { printResult } from "../cli/output.ts";
import { withProgress } from "../cli/progress.ts";
import { parsePay } from "./create-options.ts";
import { discoverAdverts } from "./discover-adverts.ts";
import { providerRows, withinMaxPrice, withReachability } from "./provider-rows.ts";
import { type PaymentsScopeOptions, paymentsScope } from "./vm-providers-scope.ts";
import { renderProvidersTable } from "./vm-providers-table.ts";

/** Flags of `golem vm providers`. */
export type ProvidersOptions = GlobalOptions &
  PaymentsScopeOptions & {
    cpu?: string | undefined;
    memory?: string | undefined;
    storage?: string | undefined;
    country?: string | undefined;
    platform?: string | undefined;
    maxPrice?: string | undefined;
    probeTimeout?: string | undefined;
    /** `--pay eth|glm`: list the providers paid on that StreamPayment, priced in its token. */
    pay?: string | undefined;
  };

/** Longest `--probe-timeout`, seconds: a listing should not hang on a dead provider. */
const MAX_PROBE_TIMEOUT_SECONDS = 60;

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
 * `--probe-timeout <seconds>` in ms (default 3 s); decimals allowed, above 0 and at most 60 s.
 * Fails with `VALIDATION_FAILED` naming the flag.
 *
 * @example
 * probeTimeoutMs("1.5"); // 1500
 */
export function probeTimeoutMs(text: string | undefined): number {
  if (text === undefined) return DEFAULT_PROBE_TIMEOUT_MS;
  const seconds = /^\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
  if (!(seconds > 0 && seconds <= MAX_PROBE_TIMEOUT_SECONDS)) {
    throw new GolemError(
      "VALIDATION_FAILED",
      `--probe-timeout must be a number of seconds above 0 and at most ${MAX_PROBE_TIMEOUT_SECONDS}, not "${text}"`,
      {
        hints: ["pass e.g. --probe-timeout 3 (seconds)"],
        details: { field: "--probe-timeout", value: text },
      },
    );
  }
  return Math.max(1, Math.round(seconds * 1000));
}

/**
 * `golem vm providers`: verified adverts with hourly and monthly prices and whether each
 * provider's API answers now (as the advert's signer, payments on). By default only adverts for
 * this CLI's deployment (chain, StreamPayment, token), the providers it can rent from;
 * `--payments-network` lists one named network's, `--all-payments` every chain's. Providers that
 * answer come first; within each group this deployment's rows first, cheapest first.
 */
export async function runProviders(ctx: CliContext, opts: ProvidersOptions): Promise<void> {
  const timeoutMs = probeTimeoutMs(opts.probeTimeout);
  const scope = paymentsScope(opts);
  const config = await ctx.config();
  const session = payingWith(await openChainSession(config), parsePay(opts.pay));
  const { GLM } = session.deployment.contracts;
  const own = ownDeployment(session);
  const filters: AdvertFilters = {
    cpu: wholeNumber(opts.cpu, "--cpu"),
    memoryGiB: wholeNumber(opts.memory, "--memory"),
    storageGiB: wholeNumber(opts.storage, "--storage"),
    country: opts.country?.split(",").map((c) => c.trim()),
    platform: opts.platform,
    maxPrice:
      opts.maxPrice === undefined
        ? undefined
        : parseTokenAmount(opts.maxPrice, GLM.decimals, "--max-price"),
  };
  // --max-price is in this CLI's token: applied here, to the adverts priced in it only.
  const adverts = await discoverAdverts(
    ctx,
    config,
    session,
    { ...filters, maxPrice: undefined },
    scope,
  );
  const priced = providerRows(withinMaxPrice(adverts, filters, own), filters, own);
  // Through a small pool: a listing of thousands of adverts never opens thousands of sockets.
  // Private API hosts are probed only where verification let them through: on a dev chain.
  const allowPrivateHosts =
    isDevChain(session.chainId) || (scope.kind === "chain" && isDevChain(scope.chainId));
  const reachability =
    priced.length === 0
      ? []
      : await withProgress(ctx, "checking which providers answer", () =>
          probeProviders({ targets: priced, timeoutMs, allowPrivateHosts }),
        );
  const rows = withReachability(priced, reachability);
  printResult(ctx, opts, { providers: rows }, () =>
    renderProvidersTable({
      rows,
      scope,
      own: { ...own, decimals: GLM.decimals, symbol: GLM.symbol },
      maxPrice: filters.maxPrice !== undefined,
    }),
  );
}
