import { GolemError } from "@vm-on-golem/sdk/errors";
import { formatTokenAmount } from "@vm-on-golem/sdk/money";
import { parseUnits } from "viem";
import type { SpendRequest } from "../cli/cli-context.ts";
import { openSpendingLedger, utcDay } from "../state/spending-ledger.ts";

/** Parameters of {@link createSpendCap}. */
export type CreateSpendCapParameters = {
  /** Requestor home: the day's spending is kept in its SQLite db. */
  home: string;
  /** Most one payment may move, in whole tokens (decimal text, e.g. `"5"`); `"0"` refuses all. */
  maxPerRequest: string;
  /** Most all payments of one UTC day may move together, in whole tokens. */
  maxPerDay: string;
  /** Clock (unix ms); default `Date.now`. */
  now?: (() => number) | undefined;
};

/** What the server may still spend today, in base units (decimal strings in JSON). */
export type SpendingView = {
  day: string;
  spentToday: bigint;
  maxPerRequest: bigint;
  maxPerDay: bigint;
};

/** The caps of `golem server api`; see {@link createSpendCap}. */
export type SpendCap = {
  /** Records `spend` when it fits both caps, else throws `SPEND_CAP_EXCEEDED` (nothing recorded). */
  approve(spend: SpendRequest): Promise<void>;
  /** Today's spending and the caps, in the token's base units. */
  view(decimals: number): SpendingView;
};

/**
 * The spending caps set when `golem server api` starts: every payment it makes (a create's
 * deposit, a top-up, the monitor's top-ups) must fit the per-request cap and, with what was
 * already paid this UTC day (kept in SQLite, so a restart does not reset it), the per-day cap.
 *
 * @example
 * const cap = createSpendCap({ home, maxPerRequest: "5", maxPerDay: "20" });
 * const ctx = { ...base, approveSpend: cap.approve };
 */
export function createSpendCap(params: CreateSpendCapParameters): SpendCap {
  const now = params.now ?? Date.now;
  const caps = (decimals: number) => ({
    perRequest: parseUnits(params.maxPerRequest, decimals),
    perDay: parseUnits(params.maxPerDay, decimals),
  });
  const withLedger = <T>(use: (ledger: ReturnType<typeof openSpendingLedger>) => T): T => {
    const ledger = openSpendingLedger(params.home);
    try {
      return use(ledger);
    } finally {
      ledger.close();
    }
  };
  return {
    async approve(spend) {
      const at = now();
      const day = utcDay(at);
      const limits = caps(spend.decimals);
      const refusal = withLedger((ledger) =>
        ledger.reserve({ day, amount: spend.amount, purpose: spend.purpose, at }, limits),
      );
      if (refusal === undefined) return;
      const glm = (v: bigint) => formatTokenAmount(v, spend);
      const details = {
        purpose: spend.purpose,
        amount: spend.amount.toString(),
        spentToday: refusal.spentToday.toString(),
        maxPerRequest: limits.perRequest.toString(),
        maxPerDay: limits.perDay.toString(),
        day,
      };
      if (refusal.limit === "request") {
        throw new GolemError(
          "SPEND_CAP_EXCEEDED",
          `${spend.purpose} would pay ${glm(spend.amount)}, above this server's cap of ${glm(limits.perRequest)} per request`,
          {
            hints: [
              "ask for less (fewer hours, a smaller top-up)",
              `or restart \`golem server api\` with a higher --max-spend-per-request (now ${params.maxPerRequest})`,
            ],
            details,
          },
        );
      }
      throw new GolemError(
        "SPEND_CAP_EXCEEDED",
        `${spend.purpose} would pay ${glm(spend.amount)}; with ${glm(refusal.spentToday)} already paid today (UTC) that is above this server's cap of ${glm(limits.perDay)} per day`,
        {
          hints: [
            "wait for the next UTC day",
            `or restart \`golem server api\` with a higher --max-spend-per-day (now ${params.maxPerDay})`,
          ],
          details,
        },
      );
    },
    view(decimals) {
      const day = utcDay(now());
      const limits = caps(decimals);
      return {
        day,
        spentToday: withLedger((ledger) => ledger.spentOn(day)),
        maxPerRequest: limits.perRequest,
        maxPerDay: limits.perDay,
      };
    },
  };
}
