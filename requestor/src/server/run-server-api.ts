import { isIPv6 } from "node:net";
import { GolemError } from "@vm-on-golem/sdk/errors/golem-error";
import { toStreamId } from "@vm-on-golem/sdk/stream/stream-id";
import { openChainSession } from "../chain/open-chain-session.ts";
import type { CliContext, GlobalOptions } from "../cli/cli-context.ts";
import { runTopUpCycle } from "../monitor/run-top-up-cycle.ts";
import { startTopUpMonitor, type TopUpMonitor } from "../monitor/start-top-up-monitor.ts";
import { ensureHome } from "../state/ensure-home.ts";
import { openRequestorDb } from "../state/requestor-db.ts";
import { createRequestorApi } from "./create-requestor-api.ts";

/** Flags of `golem server api`. */
export type ServerApiOptions = GlobalOptions & {
  host?: string | undefined;
  port?: string | undefined;
  interval?: string | undefined;
  minRunway?: string | undefined;
  /** commander's `--no-monitor`. */
  monitor?: boolean | undefined;
};

/** VM states whose stream the monitor keeps funded. */
const liveStates = new Set(["creating", "starting", "running"]);

const seconds = (text: string | undefined, field: string, fallback: number): number => {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < 1) {
    throw new GolemError("VALIDATION_FAILED", `${field} must be a whole number of seconds >= 1`, {
      hints: [`e.g. ${field} 30`],
      details: { field, value: text },
    });
  }
  return Number(text);
};

/**
 * `golem server api`: serves the local API on loopback (default 127.0.0.1:7465) and runs the
 * auto top-up monitor over the streams of live VMs recorded here, until SIGINT/SIGTERM.
 */
export async function runServerApi(ctx: CliContext, opts: ServerApiOptions): Promise<void> {
  const config = await ctx.config();
  const port = opts.port === undefined ? config.server.port : Number(opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new GolemError("VALIDATION_FAILED", `--port must be 0–65535, not "${opts.port}"`, {
      hints: ["e.g. --port 7465 (0 picks a free port)"],
      details: { field: "--port", value: String(opts.port) },
    });
  }
  const host = opts.host ?? config.server.host;
  const intervalSeconds = seconds(opts.interval, "--interval", config.autoTopUp.intervalSeconds);
  const minRunwaySeconds = seconds(
    opts.minRunway,
    "--min-runway",
    config.autoTopUp.minRunwaySeconds,
  );
  const home = await ensureHome(config.home);
  let monitor: TopUpMonitor | undefined;
  if (opts.monitor !== false && config.autoTopUp.enabled) {
    const session = await openChainSession(config);
    const wallet = await session.wallet();
    monitor = startTopUpMonitor({
      intervalMs: intervalSeconds * 1000,
      streams: async () => {
        const db = openRequestorDb(home);
        try {
          return db
            .listVms()
            .filter((vm) => vm.streamId !== null && liveStates.has(vm.status))
            .map((vm) => ({ streamId: toStreamId(vm.streamId ?? ""), vmName: vm.name }));
        } finally {
          db.close();
        }
      },
      cycle: (streams) =>
        runTopUpCycle({
          session,
          wallet,
          streams,
          minRunwaySeconds,
          targetRunwaySeconds: Math.max(config.autoTopUp.targetRunwaySeconds, minRunwaySeconds),
        }),
      onCycle: (report) => {
        for (const e of report.entries) {
          if (e.amount > 0n)
            ctx.err(`topped up stream #${e.streamId} by ${e.amount} base units (${e.hash})`);
          if (e.error) ctx.err(`stream #${e.streamId}: ${e.error}`);
        }
        if (report.error) ctx.err(`top-up cycle failed: ${report.error}`);
      },
    });
  }
  const app = await createRequestorApi({ ctx, monitor });
  await app.listen({ host, port });
  const address = app.server.address();
  const bound = typeof address === "object" && address ? address.port : port;
  // An IPv6 literal goes in brackets in a URL (http://[::1]:7465).
  const url = `http://${isIPv6(host) ? `[${host}]` : host}:${bound}`;
  ctx.out(
    opts.json
      ? JSON.stringify({
          url,
          monitor: monitor !== undefined,
          intervalSeconds,
          minRunwaySeconds,
        })
      : `golem API on ${url} (docs at /docs); auto top-up ${monitor ? `every ${intervalSeconds} s, keeping runway >= ${minRunwaySeconds} s` : "off"}`,
  );
  await new Promise<void>((resolve) => {
    const done = () => resolve();
    process.once("SIGINT", done);
    process.once("SIGTERM", done);
  });
  await monitor?.stop();
  await app.close();
}
