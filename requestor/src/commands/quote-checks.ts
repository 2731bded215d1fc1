import { GolemError, isGolemError } from "@vm-on-golem/sdk/errors/golem-error";
import { rentRunwayMarginSeconds as runwayMargin } from "@vm-on-golem/sdk/rent/rent-vm";
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
