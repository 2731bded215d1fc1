import { chmod, mkdir } from "node:fs/promises";
import { hostname } from "node:os";
import { GolemError } from "@vm-on-golem/sdk/errors/golem-error";
import type { FastifyInstance } from "fastify";
import type { Client } from "viem";
import type { ProviderInfo } from "../api/api-schemas.ts";
import { createApi } from "../api/create-api.ts";
import { createNonceStore } from "../auth/nonce-store.ts";
import { createSessionStore } from "../auth/session-store.ts";
import type { ProviderConfig } from "../config/provider-config.ts";
import { startDiscoveryIfOn } from "../discovery/start-discovery-if-on.ts";
import type { NodeDiscovery } from "../discovery/start-node-discovery.ts";
import { withdrawEarnings } from "../payments/auto-withdraw.ts";
import { startAutoWithdraw } from "../payments/auto-withdraw-timer.ts";
import { createNodePayments, type NodePayments } from "../payments/create-node-payments.ts";
import { createVmPayments } from "../payments/create-vm-payments.ts";
import { loadPaymentKey } from "../payments/payment-key.ts";
import { providerWalletClient } from "../payments/provider-wallet-client.ts";
import { createStreamMonitor, type StreamMonitor } from "../payments/stream-monitor.ts";
import { readHostResources } from "../resources/host-resources.ts";
import { createVmService, type VmService } from "../service/vm-service.ts";
import { openDatabase } from "../state/open-database.ts";
import type { VmDriver } from "../vm/driver.ts";
import { createRevertStack } from "../vm/revert-stack.ts";
import { describeDriver } from "./describe-driver.ts";
import { gatherStatusFacts } from "./gather-status-facts.ts";
import { type NodeStatus, summarizeStatus } from "./node-status.ts";
import { onServiceChange } from "./on-service-change.ts";
import { startOperatorServer } from "./operator-server.ts";
import { readLivePid, removePidFile, runtimePaths, writePidFile } from "./pid-file.ts";
import { verifyNodePorts } from "./verify-node-ports.ts";

/** Options of {@link startProviderNode}. */
export type StartProviderNodeOptions = {
  config: ProviderConfig;
  driver: VmDriver;
  version: string;
  log: (line: string) => void;
  /** Fastify's logger option for the public API (default: warnings and errors as JSON lines). */
  apiLogger?: boolean | Record<string, unknown>;
  /** How often a recovery with transient problems is retried (ms, default 30 000). */
  recoverRetryMs?: number;
  /** The payment key from the entry point's env (`GOLEM_PROVIDER_PRIVATE_KEY`); else `<dataDir>/payment.key`. */
  privateKey?: string | undefined;
  /** Chain client for payments (tests); by default HTTP on `payments.rpcUrl`. */
  chainClient?: Client | undefined;
};

/** A running node. */
export type ProviderNode = {
  service: VmService;
  api: FastifyInstance;
  /** Port the public API listens on. */
  apiPort: number;
  /** The libp2p advert node; absent when discovery is off. */
  discovery: NodeDiscovery | undefined;
  status(): Promise<NodeStatus>;
  /** Stops the API, the operator socket and every forward; VMs keep running for the next start. */
  close(): Promise<void>;
};

/**
 * Starts a provider node in this process: pid file, database, recovery of VMs left by the
 * last run, SSH forwards, the public API and the operator socket. Fails with
 * `DAEMON_ALREADY_RUNNING`, `DRIVER_UNAVAILABLE`, `PORT_IN_USE` or `CONFIG_INVALID`,
 * leaving nothing behind.
 *
 * @example
 * const node = await startProviderNode({ config, driver, version, log: console.log });
 * process.once("SIGTERM", () => node.close());
 */
export async function startProviderNode(options: StartProviderNodeOptions): Promise<ProviderNode> {
  const { config, driver, log } = options;
  const paths = runtimePaths(config.dataDir);
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  await chmod(config.dataDir, 0o700);
  const running = await readLivePid(paths.pidFile);
  if (running !== undefined && running !== process.pid) {
    throw new GolemError(
      "DAEMON_ALREADY_RUNNING",
      `a provider node already runs from ${config.dataDir} (pid ${running})`,
      {
        details: { pid: running, dataDir: config.dataDir },
      },
    );
  }

  const revert = createRevertStack();
  try {
    const driverReport = await describeDriver(driver);
    if (!driverReport.usable) {
      throw new GolemError(
        "DRIVER_UNAVAILABLE",
        `the ${driver.name} driver cannot run here: ${driverReport.reason}`,
      );
    }
    if (driverReport.accel === "tcg") log("KVM is not usable: VMs run under TCG (slow)");
    if (config.ssh.verifyPorts) await verifyNodePorts(config);

    await writePidFile(paths.pidFile);
    revert.add(() => removePidFile(paths.pidFile));
    const db = openDatabase(paths.database);
    revert.add(() => db.close());
    const account = await loadPaymentKey({
      dataDir: config.dataDir,
      privateKey: options.privateKey,
    });
    log(`provider id (payment address) ${account.address}`);
    let payments: NodePayments | undefined;
    if (config.payments.enabled) {
      payments = await createNodePayments({ config, account, db, client: options.chainClient });
      log(
        `payments on: chain ${payments.settings.chainId}, StreamPayment ${payments.settings.streamPayment}, token ${payments.settings.token}`,
      );
    }

    let discovery: NodeDiscovery | undefined;
    // Every create/destroy re-reads free resources; the advert changes when they did.
    const service = onServiceChange(
      createVmService({
        db,
        driver,
        ssh: {
          bindHost: config.ssh.bindHost,
          publicRange: { start: config.ssh.portRangeStart, end: config.ssh.portRangeEnd },
          hostRange: { start: config.ssh.hostPortRangeStart, end: config.ssh.hostPortRangeEnd },
          bannerTimeoutMs: config.ssh.bannerTimeoutSeconds * 1000,
        },
        hostResources: () => readHostResources(config.dataDir),
        policy: config.resources,
        payments: payments && createVmPayments({ ...payments, db }),
        healthIntervalMs: config.vms.healthIntervalSeconds * 1000,
        log,
      }),
      () => void discovery?.refresh().catch(() => undefined),
    );
    revert.add(() => service.close());

    let retry: NodeJS.Timeout | undefined;
    const recover = async () => {
      const report = await service.recover();
      const counts = Object.entries(report)
        .filter(([key, list]) => key !== "problems" && list.length > 0)
        .map(([key, list]) => `${key} ${list.length}`);
      if (counts.length > 0) log(`recovery: ${counts.join(", ")}`);
      for (const p of report.problems)
        log(`recovery problem${p.vmId ? ` (VM ${p.vmId})` : ""}: ${p.problem}`);
      if (report.problems.length > 0) {
        retry = setTimeout(
          () => void recover().catch((e) => log(`recovery failed: ${e}`)),
          options.recoverRetryMs ?? 30_000,
        );
        retry.unref();
      }
    };
    await recover();
    revert.add(() => clearTimeout(retry));

    let monitor: StreamMonitor | undefined;
    if (payments && config.payments.monitor.enabled) {
      monitor = createStreamMonitor({
        settings: payments.settings,
        service,
        db,
        log,
        ...config.payments.monitor,
      });
      // After recovery, so every VM it reads is in its recovered state.
      monitor.start();
      revert.add(() => monitor?.close());
    }
    const withdraw = payments && {
      ...payments,
      wallet: providerWalletClient(account, config.payments),
    };
    const autoWithdraw =
      withdraw && config.payments.withdraw.enabled
        ? startAutoWithdraw({
            ...withdraw,
            minWei: BigInt(config.payments.withdraw.minWei),
            intervalMs: config.payments.withdraw.intervalSeconds * 1000,
            log,
          })
        : undefined;
    revert.add(() => autoWithdraw?.close());

    const providerInfo = async (): Promise<ProviderInfo> => {
      const budget = await service.budget();
      const gib = (mib: number) => Math.round((mib / 1024) * 100) / 100;
      const amounts = (a: { cpu: number; memoryMib: number; storageGib: number }) => ({
        cpu: a.cpu,
        memoryGiB: gib(a.memoryMib),
        storageGiB: a.storageGib,
      });
      return {
        providerId: account.address,
        name: config.name || hostname(),
        country: config.country || null,
        network: config.network,
        version: options.version,
        driver: { ...driverReport, reason: driverReport.reason },
        resources: { total: amounts(budget.limit), free: amounts(budget.free), vms: budget.vms },
        prices: payments
          ? {
              perCoreHour: payments.settings.prices.perCoreHour.toString(),
              perGiBMemoryHour: payments.settings.prices.perGiBMemoryHour.toString(),
              perGiBDiskHour: payments.settings.prices.perGiBDiskHour.toString(),
            }
          : null,
        payments: payments
          ? {
              chainId: payments.settings.chainId,
              streamPayment: payments.settings.streamPayment,
              token: payments.settings.token,
              minRunwaySeconds: payments.settings.minRunwaySeconds,
            }
          : null,
        paymentsEnabled: config.payments.enabled,
        apiExtensions: [
          "siwe-auth",
          "vm-stats",
          ...(config.discovery.enabled ? ["adverts"] : []),
          ...(payments ? ["offers", "streams"] : []),
        ],
      };
    };

    const api = await createApi({
      service,
      sessions: createSessionStore(db),
      nonces: createNonceStore(db),
      providerInfo,
      version: options.version,
      api: config.api,
      auth: config.auth,
      providerName: config.name || hostname(),
      listAdverts: () => discovery?.listAdverts() ?? [],
      payments,
      logger: options.apiLogger ?? { level: "warn" },
    });
    revert.add(() => api.close());
    try {
      await api.listen({ host: config.api.host, port: config.api.port });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE") throw error;
      throw new GolemError(
        "PORT_IN_USE",
        `API port ${config.api.host}:${config.api.port} is in use`,
        { cause: error },
      );
    }
    log(`API listening on ${config.api.host}:${config.api.port} (OpenAPI at /docs)`);

    // After the API listens, so the dial-back check finds it answering.
    const advertising = await startDiscoveryIfOn({
      config,
      account,
      settings: payments?.settings,
      budget: service.budget,
      allocatedPorts: service.allocatedPorts,
      log,
    });
    discovery = advertising.discovery;
    revert.add(() => discovery?.stop());

    const status = async (): Promise<NodeStatus> => {
      const summary = summarizeStatus(
        await gatherStatusFacts({
          config,
          source: "daemon",
          daemon: { running: true, pid: process.pid },
          driver: driverReport,
          apiListening: true,
          vms: service.listVms(),
          allocatedPorts: service.allocatedPorts(),
          resources: await service.budget(),
          discovery: advertising.status(),
        }),
      );
      if (!monitor) return summary;
      const health = monitor.status();
      if (health.state !== "degraded") return { ...summary, payments: { monitor: health } };
      return {
        ...summary,
        payments: { monitor: health },
        overall: {
          status: summary.overall.status === "healthy" ? "issues" : summary.overall.status,
          issues: [...summary.overall.issues, `stream monitor degraded: ${health.lastError}`],
        },
      };
    };
    const operator = await startOperatorServer({
      socketPath: paths.operatorSocket,
      service,
      status,
      payments: payments?.settings,
      withdraw:
        withdraw && ((streamIds) => withdrawEarnings({ ...withdraw, minWei: 0n, streamIds, log })),
    });
    revert.add(() => operator.close());
    revert.success();

    let closing: Promise<void> | undefined;
    return {
      service,
      api,
      apiPort: config.api.port,
      discovery,
      status,
      close: () => {
        closing ??= (async () => {
          clearTimeout(retry);
          await autoWithdraw?.close();
          await monitor?.close();
          await discovery?.stop();
          await operator.close();
          await api.close();
          await service.close();
          db.close();
          await removePidFile(paths.pidFile);
          log("stopped; VMs keep running and are re-adopted at the next start");
        })();
        return closing;
      },
    };
  } catch (error) {
    await revert.revert();
    throw error;
  }
}
