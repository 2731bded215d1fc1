import { getStream, getStreamState } from "@vm-on-golem/sdk/contract";
import { toStreamId } from "@vm-on-golem/sdk/stream";
import { openChainSession } from "../chain/open-chain-session.ts";
import type { CliContext, GlobalOptions } from "../cli/cli-context.ts";
import { printResult, renderFields } from "../cli/output.ts";
import { renderStreamReport, streamReport } from "./describe-stream.ts";
import { openStreamTarget } from "./open-stream-target.ts";
import { streamArgument } from "./resolve-stream-ref.ts";

/** Flags of the stream commands that name one stream. */
export type StreamArgOptions = GlobalOptions & { streamId?: string | undefined };

/** `golem vm stream status <vm-or-stream>`: runway, balances and depletion time, from the chain. */
export async function runStreamStatus(
  ctx: CliContext,
  ref: string | undefined,
  opts: StreamArgOptions,
): Promise<void> {
  const config = await ctx.config();
  const { target, session } = await openStreamTarget(config, ref, opts.streamId);
  const address = session.deployment.contracts.StreamPayment.address;
  const state = await getStreamState(session.publicClient, { address, streamId: target.streamId });
  const report = streamReport(session, target.streamId, state, target.vmName);
  printResult(ctx, opts, report, () => renderStreamReport(session, report));
}

/** `golem vm stream inspect <stream-id>`: the stream exactly as stored on chain. */
export async function runStreamInspect(
  ctx: CliContext,
  id: string | undefined,
  opts: StreamArgOptions,
): Promise<void> {
  const streamId = toStreamId(streamArgument(id, opts.streamId));
  const session = await openChainSession(await ctx.config());
  const address = session.deployment.contracts.StreamPayment.address;
  const stream = await getStream(session.publicClient, { address, streamId });
  const data = { streamId, contract: address, chainId: session.chainId, ...stream };
  printResult(ctx, opts, data, () =>
    renderFields([
      ["Stream", `#${streamId}`],
      ["Contract", address],
      ["Sender", stream.sender],
      ["Recipient", stream.recipient],
      ["Service id", stream.serviceId],
      ["Balance", `${stream.balance} (base units, settled at lastUpdate)`],
      ["Accrued", `${stream.accrued}`],
      ["Rate/s", `${stream.ratePerSecond}`],
      ["Last update", new Date(Number(stream.lastUpdate) * 1000).toISOString()],
      ["Closed", String(stream.closed)],
      ["Explorer", session.explorer?.readContract(address)],
    ]),
  );
}
