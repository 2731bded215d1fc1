import { getStream, terminate } from "@vm-on-golem/sdk/contract";
import { GolemError } from "@vm-on-golem/sdk/errors";
import { formatTokenAmount } from "@vm-on-golem/sdk/money";
import type { CliContext } from "../cli/cli-context.ts";
import { printResult, renderFields } from "../cli/output.ts";
import { confirmOrFail, withProgress } from "../cli/progress.ts";
import { openStreamTarget } from "./open-stream-target.ts";
import type { StreamArgOptions } from "./stream-status.ts";

/**
 * `golem vm stream terminate <stream-or-vm> [--yes]`: closes a stream from the payment key;
 * what accrued goes to the provider, the rest comes back. A VM it pays for is then stopped and
 * destroyed by its provider; `golem vm destroy` does both in order.
 */
export async function runStreamTerminate(
  ctx: CliContext,
  ref: string | undefined,
  opts: StreamArgOptions & { yes?: boolean | undefined },
): Promise<void> {
  const config = await ctx.config();
  const { target, session } = await openStreamTarget(config, ref, opts.streamId);
  const { GLM, StreamPayment } = session.deployment.contracts;
  const { streamId } = target;
  const stream = await getStream(session.publicClient, {
    address: StreamPayment.address,
    streamId,
  });
  if (stream.closed) {
    throw new GolemError("STREAM_CLOSED", `stream #${streamId} is already terminated`, {
      hints: [`nothing is left to refund; see \`golem vm stream status ${streamId}\``],
      details: { streamId: streamId.toString() },
    });
  }
  const question = `Terminate stream #${streamId}${target.vmName ? ` (it pays for VM "${target.vmName}", which its provider will then destroy)` : ""}?`;
  if (!(await confirmOrFail(ctx, question, opts.yes))) return;
  const wallet = await session.wallet();
  const done = await withProgress(ctx, `terminating stream #${streamId}`, () =>
    terminate(wallet, { address: StreamPayment.address, streamId }),
  );
  const glm = (v: bigint) => formatTokenAmount(v, GLM);
  printResult(
    ctx,
    opts,
    {
      streamId,
      refunded: done.refundedToSender,
      paidToProvider: done.paidToRecipient,
      hash: done.hash,
      explorer: session.explorer?.tx(done.hash) ?? null,
    },
    () =>
      renderFields([
        ["Stream", `#${streamId} terminated`],
        ["Refunded", glm(done.refundedToSender)],
        ["Paid to provider", glm(done.paidToRecipient)],
        ["Transaction", session.explorer?.tx(done.hash) ?? done.hash],
      ]),
  );
}
