import { isIPv6 } from "node:net";
import { loadDeployment } from "@vm-on-golem/sdk/deployments/node";
import { GolemError } from "@vm-on-golem/sdk/errors";
import type { CliContext, GlobalOptions } from "../cli/cli-context.ts";
import { configChainId, requestorConfigSchema } from "../config/requestor-config-schema.ts";
import type { TopUpMonitor } from "../monitor/start-top-up-monitor.ts";
import { ensureHome } from "../state/ensure-home.ts";
import { ensureApiToken } from "./api-token.ts";
import { createRequestorApi } from "./create-requestor-api.ts";
import { allowedHostCheck } from "./guard-local-api.ts";
import { createSpendCap } from "./spend-cap.ts";
import { startServerMonitor } from "./start-server-monitor.ts";

/** Flags of `golem server api`. */
export type ServerApiOptions = GlobalOptions & {
  host?: string | undefined;
  port?: string | undefined;
  interval?: string | undefined;
  minRunway?: string | undefined;
  maxSpendPerRequest?: string | undefined;
  maxSpendPerDay?: string | undefined;
  /** commander's `--no-monitor`. */
  monitor?: boolean | undefined;
};

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

const serverKeys = requestorConfigSchema.shape.server.shape;
const glmCap = (text: string | undefined, field: string, fallback: string): string => {
  if (text === undefined) return fallback;
  if (!serverKeys.maxSpendPerDay.safeParse(text).success) {
    throw new GolemError(
      "VALIDATION_FAILED",
      `${field} must be a decimal amount of GLM, not "${text}"`,
      {
        hints: [`e.g. ${field} 5 (0 lets the server pay nothing)`],
        details: { field, value: text },
      },
    );
  }
  return text;
};

/**
 * `golem server api`: serves the local API on loopback (default 127.0.0.1:7465) to tools that
 * hold its token (`<home>/server-api.token`, 0600, shown once when made), and runs the auto
 * top-up monitor over the streams of live VMs recorded here, until SIGINT/SIGTERM. Every
 * payment (API or monitor) must fit the per-request and per-day caps set here.
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
  const maxSpendPerRequest = glmCap(
    opts.maxSpendPerRequest,
    "--max-spend-per-request",
    config.server.maxSpendPerRequest,
  );
  const maxSpendPerDay = glmCap(
    opts.maxSpendPerDay,
    "--max-spend-per-day",
    config.server.maxSpendPerDay,
  );
  const home = await ensureHome(config.home);
  const { token, file: tokenFile, created } = await ensureApiToken(home);
  const cap = createSpendCap({
    home,
    maxPerRequest: maxSpendPerRequest,
    maxPerDay: maxSpendPerDay,
  });
  let decimals: Promise<number> | undefined;
  const spending = {
    cap,
    decimals: () => {
      decimals ??= loadDeployment(configChainId(config), { dir: config.deploymentsDir }).then(
        (d) => d.contracts.GLM.decimals,
      );
      return decimals;
    },
  };
  let monitor: TopUpMonitor | undefined;
  if (opts.monitor !== false && config.autoTopUp.enabled) {
    monitor = await startServerMonitor({
      ctx,
      config,
      home,
      intervalSeconds,
      minRunwaySeconds,
      cap,
    });
  }
  let isAllowedHost: (host: string) => boolean = () => false;
  const app = await createRequestorApi({
    ctx,
    monitor,
    spending,
    access: { token, isAllowedHost: (h) => isAllowedHost(h) },
  });
  await app.listen({ host, port });
  const address = app.server.address();
  const bound = typeof address === "object" && address ? address.port : port;
  isAllowedHost = allowedHostCheck(host, bound);
  // An IPv6 literal goes in brackets in a URL (http://[::1]:7465).
  const url = `http://${isIPv6(host) ? `[${host}]` : host}:${bound}`;
  ctx.out(
    opts.json
      ? JSON.stringify({
          url,
          tokenFile,
          // Shown once, when it is made; tools read the file (or `golem server token`).
          ...(created ? { token } : {}),
          monitor: monitor !== undefined,
          intervalSeconds,
          minRunwaySeconds,
          maxSpendPerRequest,
          maxSpendPerDay,
        })
      : [
          `golem API on ${url} (docs at /docs); auto top-up ${monitor ? `every ${intervalSeconds} s, keeping runway >= ${minRunwaySeconds} s` : "off"}`,
          `spending caps: ${maxSpendPerRequest} GLM per payment, ${maxSpendPerDay} GLM per UTC day (API and auto top-up together)`,
          created
            ? `API token (shown only now; kept in ${tokenFile}, readable only by you): ${token}`
            : `API token: in ${tokenFile} (\`golem server token\` prints it)`,
        ].join("\n"),
  );
  await new Promise<void>((resolve) => {
    const done = () => resolve();
    process.once("SIGINT", done);
    process.once("SIGTERM", done);
  });
  await monitor?.stop();
  await app.close();
}
