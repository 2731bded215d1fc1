import { setTopUpBudget } from "@vm-on-golem/sdk/contract";
import { GolemError } from "@vm-on-golem/sdk/errors";
import { formatTokenAmount, parseTokenAmount, secondsOfHours } from "@vm-on-golem/sdk/money";
import { depositForDuration } from "@vm-on-golem/sdk/stream";
import { zeroAddress } from "viem";
import type { CliContext, GlobalOptions } from "../cli/cli-context.ts";
import { printResult, renderFields } from "../cli/output.ts";
import { confirmOrFail, withProgress } from "../cli/progress.ts";
import { formatDuration } from "../format/format-amounts.ts";
import { openStreamTarget, readOpenStream } from "./open-stream-target.ts";

/** Flags of `golem vm stream budget`. */
export type StreamBudgetOptions = GlobalOptions & {
  hours?: string | undefined;
  amount?: string | undefined;
  yes?: boolean | undefined;
  streamId?: string | undefined;
};

/** A non-negative decimal (0 clears the budget). */
const decimal = /^\d+(\.\d+)?$/;

/**
 * `golem vm stream budget <stream-or-vm> (--hours H | --amount X)`: sets (replaces) the stream's
 * top-up budget, what its provider may pull from your wallet into the stream before it would
 * stop the VM; 0 clears it. It lets tokens leave the wallet later, so it asks first like the
 * other money commands (`--yes` agrees in advance; `CONFIRMATION_REQUIRED` in a pipe).
 *
 * @example golem vm stream budget web-1 --hours 48
 */
export async function runStreamBudget(
  ctx: CliContext,
  ref: string | undefined,
  opts: StreamBudgetOptions,
): Promise<void> {
  if ((opts.hours === undefined) === (opts.amount === undefined)) {
    throw new GolemError("VALIDATION_FAILED", "pass exactly one of --hours and --amount", {
      hints: [
        "e.g. --hours 48 (at the stream's rate), --amount 25 (GLM), or --hours 0 to clear it",
      ],
      details: { field: "--hours" },
    });
  }
  const [flag, text] =
    opts.hours !== undefined ? ["--hours", opts.hours] : ["--amount", opts.amount ?? ""];
  if (!decimal.test(text.trim())) {
    throw new GolemError("VALIDATION_FAILED", `${flag} must be a number of 0 or more`, {
      hints: [`e.g. ${flag} 24, or ${flag} 0 to clear the budget`],
      details: { field: flag, value: text },
    });
  }
  // On the StreamPayment the stream was recorded on (stream ids are per contract): the default
  // GLM contract's stream with the same id may be another of this wallet's streams.
  const { target, session } = await openStreamTarget(await ctx.config(), ref, opts.streamId);
  const { GLM } = session.deployment.contracts;
  if (GLM.address === zeroAddress) {
    throw new GolemError(
      "VALIDATION_FAILED",
      `stream #${target.streamId} is paid in native ETH, which has no top-up budget`,
      {
        hints: [
          `top it up instead: golem vm stream topup ${target.vmName ?? target.streamId} --hours 24`,
        ],
        details: { field: "stream", streamId: target.streamId.toString() },
      },
    );
  }
  const { streamId } = target;
  const { stream, address } = await readOpenStream(session, streamId);
  const budget =
    opts.amount !== undefined
      ? parseTokenAmount(opts.amount, GLM.decimals, "--amount")
      : depositForDuration(stream.ratePerSecond, secondsOfHours(opts.hours ?? "0", "down"));
  const glm = (v: bigint) => formatTokenAmount(v, GLM);
  const hours = (v: bigint) => formatDuration(v / stream.ratePerSecond);
  const vm = target.vmName ? ` (VM "${target.vmName}")` : "";
  const question =
    budget === 0n
      ? `Clear the top-up budget of stream #${streamId}${vm} (now ${glm(stream.topUpBudget)})?`
      : `Let the provider of stream #${streamId}${vm} pull up to ${glm(budget)} (${hours(budget)} of runway) from your wallet when the runway runs low (now ${glm(stream.topUpBudget)})?`;
  if (!(await confirmOrFail(ctx, question, opts.yes))) return;
  if (budget > 0n) {
    await ctx.approveSpend?.({
      amount: budget,
      decimals: GLM.decimals,
      symbol: GLM.symbol,
      purpose: `the top-up budget of stream #${streamId}`,
    });
  }
  const wallet = await session.wallet();
  const { hash } = await withProgress(ctx, `setting the budget of stream #${streamId}`, () =>
    setTopUpBudget(wallet, { address, token: GLM.address, streamId, budget }),
  );
  printResult(
    ctx,
    opts,
    {
      streamId,
      topUpBudget: budget,
      budgetSeconds: budget / stream.ratePerSecond,
      hash,
      explorer: session.explorer?.tx(hash) ?? null,
    },
    () =>
      renderFields([
        ["Stream", `#${streamId}`],
        ["Top-up budget", budget === 0n ? "none" : `${glm(budget)} (${hours(budget)})`],
        ["Transaction", session.explorer?.tx(hash) ?? hash],
      ]),
  );
}
