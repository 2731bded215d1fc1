import { formatUnits } from "viem";
import { runtimePaths } from "../daemon/pid-file.ts";
import type { VmStreamView } from "../payments/read-vm-stream.ts";
import { type CliContext, loadConfig } from "./cli-context.ts";
import { operatorRequest } from "./operator-client.ts";
import { paymentTokenOf } from "./payment-token.ts";
import { renderTable } from "./render-table.ts";

/** Options shared by `golem-provider streams …`. */
export type StreamsOptions = { json?: boolean; dataDir?: string; vmId?: string; all?: boolean };

/**
 * `golem-provider streams list|show|earnings|withdraw`: the streams paying for this node's VMs,
 * read on chain by the running daemon through the operator socket. Amounts are printed in the
 * deployment's token (tGLM on a local chain).
 *
 * @example await streamsCommand(ctx, "withdraw", undefined, { all: true, json: true });
 */
export async function streamsCommand(
  ctx: CliContext,
  action: "list" | "show" | "earnings" | "withdraw",
  vmId: string | undefined,
  options: StreamsOptions,
): Promise<void> {
  const { config } = await loadConfig(ctx, { dataDir: options.dataDir });
  const socket = runtimePaths(config.dataDir).operatorSocket;
  const print = (value: unknown) => ctx.out(JSON.stringify(value, null, 2));
  const token = await paymentTokenOf(config);
  const glm = (units: string) => `${formatUnits(BigInt(units), token.decimals)} ${token.symbol}`;

  if (action === "withdraw") {
    const id = options.all ? undefined : (options.vmId ?? vmId);
    const result = await operatorRequest<{ withdrawn: string; hash: string | null }>(
      socket,
      "POST",
      id === undefined ? "/payments/withdraw" : `/payments/withdraw?vmId=${encodeURIComponent(id)}`,
    );
    if (options.json) return print(result);
    ctx.out(
      result.hash ? `withdrew ${glm(result.withdrawn)} (tx ${result.hash})` : "nothing to withdraw",
    );
    return;
  }
  if (action === "show") {
    const view = await operatorRequest<VmStreamView>(
      socket,
      "GET",
      `/vms/${encodeURIComponent(vmId ?? options.vmId ?? "")}/stream`,
    );
    if (options.json) return print(view);
    ctx.out(
      renderTable(
        ["field", "value"],
        Object.entries(view).map(([k, v]) => [k, String(v)]),
      ),
    );
    return;
  }
  const streams = await operatorRequest<VmStreamView[]>(socket, "GET", "/payments/streams");
  if (action === "earnings") {
    const withdrawable = streams.reduce((sum, s) => sum + BigInt(s.withdrawable), 0n);
    const summary = { streams: streams.length, withdrawable: withdrawable.toString() };
    if (options.json) return print(summary);
    ctx.out(`${streams.length} stream(s); withdrawable now ${glm(summary.withdrawable)}`);
    return;
  }
  if (options.json) return print(streams);
  if (streams.length === 0) {
    ctx.out("no paid VMs");
    return;
  }
  const rows = streams.map((s) => [
    s.vmId,
    s.streamId,
    s.closed ? "terminated" : s.active ? "active" : "depleted",
    `${s.runwaySeconds} s`,
    glm(s.withdrawable),
    s.sender,
  ]);
  ctx.out(renderTable(["vm", "stream", "state", "runway", "withdrawable", "sender"], rows));
}
