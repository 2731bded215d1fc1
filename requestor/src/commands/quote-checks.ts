import { GolemError, isGolemError } from "@vm-on-golem/sdk/errors";
import { rentRunwayMarginSeconds as runwayMargin } from "@vm-on-golem/sdk/rent";
import { formatDuration } from "../format/format-amounts.ts";

/** Parameters of {@link quoteProblem}. */
export type QuoteProblemParameters = {
  /** Base units the stream would be funded with. */
  deposit: bigint;
  /** Seconds of runway the deposit pays. */
  seconds: bigint;
  /** The offer's minimum runway (s), checked again by the provider when it makes the VM. */
  minRunwaySeconds: number;
  /** The payer's token balance now. */
  balance: bigint;
  payer: string;
  providerId: string;
  /** Formats base units for messages. */
  glm: (amount: bigint) => string;
};

/**
 * Why a quote must not be paid, checked before any money moves: `INSUFFICIENT_FUNDS` when the
 * balance is below the deposit, `VALIDATION_FAILED` (`--hours`) when the runway would not cover
 * the offer's minimum plus {@link runwayMargin} by the time the provider checks it.
 *
 * @example
 * const problem = quoteProblem({ deposit, seconds, minRunwaySeconds: 3600, balance, payer, providerId, glm });
 * if (problem) throw problem;
 */
export function quoteProblem(p: QuoteProblemParameters): GolemError | undefined {
  if (p.balance < p.deposit) {
    return new GolemError(
      "INSUFFICIENT_FUNDS",
      `the deposit is ${p.glm(p.deposit)} but ${p.payer} holds ${p.glm(p.balance)}`,
      {
        hints: ["add tokens (`golem wallet faucet` on a test chain), or rent for fewer --hours"],
        details: { deposit: p.deposit.toString(), balance: p.balance.toString() },
      },
    );
  }
  const needed = BigInt(p.minRunwaySeconds) + runwayMargin;
  if (p.seconds < needed) {
    const hours = Math.ceil(Number(needed) / 360) / 10;
    return new GolemError(
      "VALIDATION_FAILED",
      `provider ${p.providerId} needs ${formatDuration(BigInt(p.minRunwaySeconds))} of runway when the VM starts; ${formatDuration(p.seconds)} would run short`,
      {
        hints: [`pass --hours ${hours} or more`],
        details: { field: "--hours", minRunwaySeconds: p.minRunwaySeconds },
      },
    );
  }
  return undefined;
}

/**
 * The VM step failed after the stream was opened: the same error, plus how to retry on that
 * stream or get the deposit back.
 *
 * @example
 * throw streamLeftOpen(error, "web-1", providerId);
 */
export function streamLeftOpen(error: unknown, name: string, providerId: string): unknown {
  if (!isGolemError(error)) return error;
  return new GolemError(error.code, `${error.message} (the stream for this VM is open)`, {
    status: error.status,
    hints: [
      ...error.hints,
      `find the stream with \`golem vm stream list\`; retry with \`golem vm create ${name} --provider-id ${providerId} … --stream-id <id>\`, or get the deposit back with \`golem vm stream terminate <id>\``,
    ],
    details: error.details,
    cause: error,
  });
}

/** Parameters of {@link priceComparison}. */
export type PriceComparisonParameters = {
  /** The offer's rate (base units per second). */
  ratePerSecond: bigint;
  /** The rate the provider's signed advert gives for this size; undefined without an advert. */
  listedRatePerSecond: bigint | undefined;
  /** `--max-price` (base units per hour). */
  maxPricePerHour: bigint | undefined;
  glm: (amount: bigint) => string;
};

/**
 * The offer's price beside the signed advert's for the same size (and `--max-price`), as the
 * confirmation shows them; `rentVm` has already refused an offer above either.
 *
 * @example priceComparison({ ratePerSecond: 1n, listedRatePerSecond: 1n, maxPricePerHour: undefined, glm }); // "offer 0.0036 GLM/h, advert 0.0036 GLM/h (signed)"
 */
export function priceComparison(p: PriceComparisonParameters): string {
  const offer = `offer ${p.glm(p.ratePerSecond * 3600n)}/h`;
  const advert =
    p.listedRatePerSecond === undefined
      ? "no signed advert to compare"
      : `advert ${p.glm(p.listedRatePerSecond * 3600n)}/h (signed)`;
  const most = p.maxPricePerHour === undefined ? "" : `, --max-price ${p.glm(p.maxPricePerHour)}/h`;
  return `${offer}, ${advert}${most}`;
}

/**
 * Why a create must stop before asking for an offer: with `--yes` and neither a signed advert
 * nor `--max-price`, nothing would bound the price a provider quotes (`OFFER_PRICE_UNCHECKED`).
 *
 * @example const problem = uncheckedPriceProblem({ yes: true, signedAdvert: false, maxPrice: false, providerId });
 */
export function uncheckedPriceProblem(p: {
  yes: boolean;
  signedAdvert: boolean;
  maxPrice: boolean;
  providerId: string;
}): GolemError | undefined {
  if (!p.yes || p.signedAdvert || p.maxPrice) return undefined;
  return new GolemError(
    "OFFER_PRICE_UNCHECKED",
    `provider ${p.providerId} serves no signed advert, so with --yes nothing bounds the price it quotes`,
    { details: { providerId: p.providerId } },
  );
}
