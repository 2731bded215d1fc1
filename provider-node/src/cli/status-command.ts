import { existsSync } from "node:fs";
import { dirname } from "node:path";
import { isGolemError } from "@vm-on-golem/sdk/errors";
import { CommanderError } from "commander";
import type { ProviderConfig } from "../config/provider-config.ts";
import { describeDriver } from "../daemon/describe-driver.ts";
import { gatherStatusFacts } from "../daemon/gather-status-facts.ts";
import { type NodeStatus, statusExitCode, summarizeStatus } from "../daemon/node-status.ts";
import { readLivePid, runtimePaths } from "../daemon/pid-file.ts";
import { readHostResources } from "../resources/host-resources.ts";
import { computeResourceBudget } from "../resources/resource-budget.ts";
import { openDatabase } from "../state/open-database.ts";
import { createVmStore } from "../state/vm-store.ts";
import { type CliContext, driverFor, loadConfig } from "./cli-context.ts";
import { formatStatus } from "./format-status.ts";
import { operatorRequest } from "./operator-client.ts";

/** Options of `golem-provider status`. */
export type StatusOptions = { json?: boolean; dataDir?: string };

/**
 * `golem-provider status [--json]`: asks the running daemon over its operator socket, or,
 * when none runs, looks itself (driver probe without building images, ports, the database).
 * Exits 1 when the overall state is `error`.
 */
export async function statusCommand(ctx: CliContext, options: StatusOptions): Promise<void> {
  const { config } = await loadConfig(ctx, { dataDir: options.dataDir });
  const paths = runtimePaths(config.dataDir);
  const pid = await readLivePid(paths.pidFile);
  let status: NodeStatus | undefined;
  let note: string | undefined;
  if (pid !== undefined) {
    try {
      status = await operatorRequest<NodeStatus>(paths.operatorSocket, "GET", "/status", 30_000);
    } catch (error) {
      if (!isGolemError(error, "DAEMON_NOT_RUNNING")) throw error;
      note = `golem-provider (pid ${pid}) runs but its operator socket does not answer`;
    }
  }
  status ??= await localStatus(ctx, config, pid ?? null);
  if (note) {
    status.overall.issues.push(note);
    if (status.overall.status === "healthy") status.overall.status = "issues";
  }
  ctx.out(options.json ? JSON.stringify(status, null, 2) : formatStatus(status));
  const exitCode = statusExitCode(status);
  // The entry point exits with a CommanderError's code and prints nothing more: the report is out.
  if (exitCode !== 0) {
    throw new CommanderError(exitCode, "golem-provider.status", "overall status is error");
  }
}

async function localStatus(
  ctx: CliContext,
  config: ProviderConfig,
  pid: number | null,
): Promise<NodeStatus> {
  const driver = await driverFor(ctx, config, { buildImage: false });
  const paths = runtimePaths(config.dataDir);
  const db = existsSync(paths.database) ? openDatabase(paths.database) : undefined;
  try {
    const vms = db ? createVmStore(db) : undefined;
    let statDir = config.dataDir;
    while (!existsSync(statDir)) statDir = dirname(statDir);
    const resources = computeResourceBudget(
      await readHostResources(statDir),
      config.resources,
      vms?.reservations() ?? [],
    );
    return summarizeStatus(
      await gatherStatusFacts({
        config,
        source: "local",
        daemon: { running: pid !== null, pid },
        driver: await describeDriver(driver),
        apiListening: false,
        vms: vms?.list() ?? [],
        allocatedPorts: vms?.ports().map((p) => p.port) ?? [],
        resources,
      }),
    );
  } finally {
    db?.close();
  }
}
