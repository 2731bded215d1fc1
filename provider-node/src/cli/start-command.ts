import { paymentsNetworkLabel } from "@vm-on-golem/sdk/deployments";
import { GolemError } from "@vm-on-golem/sdk/errors";
import type { Command } from "commander";
import { startProviderNode } from "../daemon/start-provider-node.ts";
import { createProviderLogger } from "../log/create-provider-logger.ts";
import { localAddressOf } from "../net/forward-table.ts";
import { requirePrices } from "../payments/require-prices.ts";
import { checkPaymentsChain } from "./check-payments-chain.ts";
import { type CliContext, driverFor, loadConfig } from "./cli-context.ts";
import { networkFlags } from "./network-flag.ts";
import { spawnDaemon } from "./spawn-daemon.ts";

/** Options of `golem-provider start`. */
export type StartOptions = {
  daemon?: boolean;
  network?: string;
  verifyPort?: boolean;
  port?: number;
  dataDir?: string;
  driver?: string;
  /** `--no-payments` sets it false. */
  payments?: boolean;
};

/** The config flags `start` sets (undefined leaves fall through to env, file, default). */
export function startFlags(
  options: StartOptions,
  verifyPortFromCli: boolean,
  paymentsFromCli = false,
) {
  const network = networkFlags(options.network);
  return {
    dataDir: options.dataDir,
    driver: options.driver,
    api: { port: options.port },
    // --no-verify-port skips both the local bind check and the dial-back by peers.
    ssh: { verifyPorts: verifyPortFromCli ? options.verifyPort : undefined },
    discovery: { verifyReachability: verifyPortFromCli ? options.verifyPort : undefined },
    payments: {
      enabled: paymentsFromCli ? options.payments : undefined,
      chainId: network.payments?.chainId,
    },
  };
}

/**
 * `golem-provider start`: runs the node in the foreground until SIGINT/SIGTERM (VMs keep
 * running and are re-adopted at the next start), or with `--daemon` starts it detached,
 * logging to `<dataDir>/provider.log`, and returns once its API answers.
 */
export async function startCommand(
  ctx: CliContext,
  options: StartOptions,
  command: Command,
): Promise<void> {
  const flags = startFlags(
    options,
    command.getOptionValueSource("verifyPort") === "cli",
    command.getOptionValueSource("payments") === "cli",
  );
  const { config } = await loadConfig(ctx, flags);
  // Zero prices first: no chain is needed to see that no stream could pay this node.
  requirePrices(config);
  if (config.payments.enabled) await checkPaymentsChain(config.payments);
  if (options.daemon) {
    const args = ctx.argv.filter((arg) => arg !== "--daemon");
    const started = await spawnDaemon({ config, self: ctx.self, args, env: ctx.env });
    const host = config.api.host === "0.0.0.0" ? "127.0.0.1" : localAddressOf(config.api.host);
    ctx.out(`golem-provider started in the background (pid ${started.pid})`);
    ctx.out(`  API   http://${host}:${config.api.port}/api/v1  (OpenAPI: /docs)`);
    ctx.out(`  log   ${started.logFile}`);
    ctx.out("  stop  golem-provider stop");
    return;
  }

  // One structured log: JSON lines on stdout (journald) or the configured file, pretty on a terminal.
  const logging = await createProviderLogger({
    ...config.log,
    pretty: process.stdout.isTTY === true,
  });
  const { log } = logging;
  const network = config.payments.enabled
    ? `payments on ${paymentsNetworkLabel(config.payments.chainId)}`
    : "payments off";
  log(`golem-provider ${ctx.version} starting (data ${config.dataDir}, ${network})`);
  const driver = await driverFor(ctx, config, { buildImage: true, log });
  const node = await startProviderNode({
    config,
    driver,
    version: ctx.version,
    log,
    logger: logging.logger,
    // Only the entry point reads the env; the key is never logged.
    privateKey: ctx.env.GOLEM_PROVIDER_PRIVATE_KEY,
  });
  await new Promise<void>((resolve, reject) => {
    const shutdown = (signal: string) => {
      log(`${signal}: shutting down`);
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
      // A second signal while closing ends the process at once.
      process.once("SIGINT", () => process.exit(130));
      node
        .close()
        .finally(() => logging.close())
        .then(resolve, reject);
    };
    const onInt = () => shutdown("SIGINT");
    const onTerm = () => shutdown("SIGTERM");
    process.on("SIGINT", onInt);
    process.on("SIGTERM", onTerm);
  });
}

/** Parses a whole number flag; the config schema checks its range. */
export function parseWholeNumber(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number)) {
    throw new GolemError("VALIDATION_FAILED", `${JSON.stringify(value)} is not a whole number`);
  }
  return number;
}
