import { isGolemError } from "@vm-on-golem/sdk/errors";
import { formatRate, formatTokenAmount } from "@vm-on-golem/sdk/money";
import { runtimePaths } from "../daemon/pid-file.ts";
import { paymentTokenOf } from "../payments/payment-token.ts";
import type { PricingReport } from "../payments/pricing-report.ts";
import type { VmStreamView } from "../payments/read-vm-stream.ts";
import { type CliContext, loadConfig } from "./cli-context.ts";
import { operatorRequest } from "./operator-client.ts";
import { renderTable } from "./render-table.ts";

/** Options shared by `golem-provider streams …`. */
export type StreamsOptions = { json?: boolean; dataDir?: string; vmId?: string; all?: boolean };

/**
 * `golem-provider streams list|show|earnings|withdraw`: the streams paying for this node's VMs,
 * read on chain by the running daemon through the operator socket. Amounts are printed in the
 * token the running node is paid in (tGLM on a local chain), 6 significant digits; `--json`
 * keeps exact base units.
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
  // The token the running node is paid in, whatever this shell's environment says.
  const token = await operatorRequest<PricingReport>(socket, "GET", "/pricing").then(
    (report) => report.token,
    (error: unknown) => {
      if (isGolemError(error, "NOT_FOUND")) return paymentTokenOf(config); // an older node
      throw error;
    },
  );
  const glm = (units: string) => formatTokenAmount(BigInt(units), token);
  const shownTopUp = (topUp: VmStreamView["lastBudgetTopUp"]) =>
    topUp === null
      ? "none"
      : `${glm(topUp.amount)} at ${new Date(topUp.at * 1000).toISOString()} (tx ${topUp.txHash})`;
  // Amounts read as tokens, the exact base units beside them (--json keeps only the base units).
  const shownValue = (key: string, value: unknown) =>
    key === "ratePerSecond"
      ? `${formatRate(BigInt(String(value)), token).perHour} (${value} base units/s)`
      : key === "refundable" || key === "withdrawable" || key === "topUpBudget"
        ? `${glm(String(value))} (${value} base units)`
        : key === "lastBudgetTopUp"
          ? shownTopUp(value as VmStreamView["lastBudgetTopUp"])
          : String(value);

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
        Object.entries(view).map(([k, v]) => [k, shownValue(k, v)]),
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
    formatRate(BigInt(s.ratePerSecond), token).perHour,
    glm(s.withdrawable),
    s.sender,
  ]);
  ctx.out(renderTable(["vm", "stream", "state", "runway", "rate", "withdrawable", "sender"], rows));
}
