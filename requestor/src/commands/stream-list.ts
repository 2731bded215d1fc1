import { getStreamState } from "@vm-on-golem/sdk/contract";
import { isGolemError } from "@vm-on-golem/sdk/errors";
import { formatRate, formatTokenAmount } from "@vm-on-golem/sdk/money";
import { type StreamId, toStreamId } from "@vm-on-golem/sdk/stream";
import { createStreamsReader } from "@vm-on-golem/sdk/streams-index";
import { isAddressEqual } from "viem";
import { openChainSession } from "../chain/open-chain-session.ts";
import type { CliContext, GlobalOptions } from "../cli/cli-context.ts";
import { printResult, renderTable } from "../cli/output.ts";
import { formatDuration } from "../format/format-amounts.ts";
import { ensureHome } from "../state/ensure-home.ts";
import { openRequestorDb } from "../state/requestor-db.ts";
import { type StreamReport, streamReport } from "./describe-stream.ts";

/**
 * `golem vm stream list`: every stream the payment key opened on the configured deployment
 * (from chain logs, or the subgraph when `subgraphUrl` is set) plus those recorded on this
 * machine, each read live: rate, remaining funds, runway.
 */
export async function runStreamList(ctx: CliContext, opts: GlobalOptions): Promise<void> {
  const config = await ctx.config();
  const session = await openChainSession(config);
  const contract = session.deployment.contracts.StreamPayment.address;
  const sender = (await session.wallet()).account.address;
  const reader = createStreamsReader(session.publicClient, {
    deployment: session.deployment,
    subgraphUrl: config.subgraphUrl,
  });
  const records = await reader.listStreams({ sender });
  const db = openRequestorDb(await ensureHome(config.home));
  const vmNames = new Map<string, string>();
  const ids = new Set<bigint>(records.map((record) => record.streamId));
  try {
    for (const row of db.listStreams(session.chainId)) {
      if (isAddressEqual(row.contract as `0x${string}`, contract)) ids.add(BigInt(row.streamId));
      if (row.vmName !== null) vmNames.set(row.streamId, row.vmName);
    }
    for (const vm of db.listVms()) if (vm.streamId !== null) vmNames.set(vm.streamId, vm.name);
  } finally {
    db.close();
  }
  const reports: StreamReport[] = [];
  for (const id of [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    const streamId: StreamId = toStreamId(id);
    try {
      const state = await getStreamState(session.publicClient, { address: contract, streamId });
      reports.push(streamReport(session, streamId, state, vmNames.get(id.toString())));
    } catch (error) {
      // A redeployed local chain forgets streams the db remembers; skip those.
      if (!isGolemError(error, "STREAM_NOT_FOUND")) throw error;
    }
  }
  const { GLM } = session.deployment.contracts;
  printResult(ctx, opts, { sender, source: reader.source, streams: reports }, () => {
    if (reports.length === 0) return "No streams yet. Open one with `golem vm stream open`.";
    return renderTable(
      ["Stream", "VM", "Recipient", "Rate", "Remaining", "Runway", "Status"],
      reports.map((r) => [
        `#${r.streamId}`,
        r.vmName ?? "-",
        r.recipient,
        formatRate(r.ratePerSecond, GLM).perHour,
        formatTokenAmount(r.remaining, GLM),
        formatDuration(r.runwaySeconds),
        r.closed ? "closed" : r.isActive ? "active" : "depleted",
      ]),
    );
  });
}
