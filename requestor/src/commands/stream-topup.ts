import { getStreamState, topUp } from "@vm-on-golem/sdk/contract";
import { GolemError } from "@vm-on-golem/sdk/errors";
import { formatTokenAmount, parseTokenAmount } from "@vm-on-golem/sdk/money";
import { depositForDuration } from "@vm-on-golem/sdk/stream";
import type { CliContext, GlobalOptions } from "../cli/cli-context.ts";
import { printResult, renderFields } from "../cli/output.ts";
import { confirmOrFail, withProgress } from "../cli/progress.ts";
import { formatDuration, formatUnixTime, hoursToSeconds } from "../format/format-amounts.ts";
import { openStreamTarget, readOpenStream } from "./open-stream-target.ts";

/** Flags of `golem vm stream topup`. */
export type StreamTopUpOptions = GlobalOptions & {
  hours?: string | undefined;
  glm?: string | undefined;
  yes?: boolean | undefined;
  streamId?: string | undefined;
};

/**
 * `golem vm stream topup <stream-or-vm> (--hours H | --glm X)`: adds funds, prints the new
 * runway. Spends, so it asks first showing the amount (`--yes` agrees in advance; in a pipe or
 * with `--json` and no `--yes` it fails with `CONFIRMATION_REQUIRED`, like `vm create`).
 */
export async function runStreamTopUp(
  ctx: CliContext,
  ref: string | undefined,
  opts: StreamTopUpOptions,
): Promise<void> {
  if ((opts.hours === undefined) === (opts.glm === undefined)) {
    throw new GolemError("VALIDATION_FAILED", "pass exactly one of --hours and --glm", {
      hints: ["e.g. --hours 3 (at the stream's rate) or --glm 25"],
      details: { field: "--hours" },
    });
  }
  const config = await ctx.config();
  // On the StreamPayment the stream was recorded on: an ETH stream is topped up in ETH.
  const { target, session } = await openStreamTarget(config, ref, opts.streamId);
  const { GLM } = session.deployment.contracts;
  const { streamId } = target;
  const { stream, address } = await readOpenStream(session, streamId);
  const amount =
    opts.glm !== undefined
      ? parseTokenAmount(opts.glm, GLM.decimals, "--glm")
      : depositForDuration(stream.ratePerSecond, hoursToSeconds(opts.hours ?? "", "--hours"));
  const glm = (v: bigint) => formatTokenAmount(v, GLM);
  const question = `Add ${glm(amount)} to stream #${streamId}${target.vmName ? ` (VM "${target.vmName}")` : ""}?`;
  if (!(await confirmOrFail(ctx, question, opts.yes))) return;
  await ctx.approveSpend?.({
    amount,
    decimals: GLM.decimals,
    symbol: GLM.symbol,
    purpose: `a top-up of stream #${streamId}`,
  });
  const wallet = await session.wallet();
  const { hash } = await withProgress(ctx, `topping up stream #${streamId}`, () =>
    topUp(wallet, { address, token: GLM.address, streamId, amount }),
  );
  const state = await getStreamState(session.publicClient, { address, streamId });
  printResult(
    ctx,
    opts,
    {
      streamId,
      amount,
      hash,
      remaining: state.refundable,
      runwaySeconds: state.runwaySeconds,
      depletionTime: state.depletionTime,
      explorer: session.explorer?.tx(hash) ?? null,
    },
    () =>
      renderFields([
        ["Stream", `#${streamId}`],
        ["Added", glm(amount)],
        ["Remaining", glm(state.refundable)],
        ["Runway", formatDuration(state.runwaySeconds)],
        ["Depletes at", formatUnixTime(state.depletionTime)],
        ["Transaction", session.explorer?.tx(hash) ?? hash],
      ]),
  );
}
