import type { FastifyBaseLogger, FastifyInstance } from "fastify";
import type { Client } from "viem";
import {
  HTTP_OVER_LIBP2P_PROTOCOL,
  serveApiOverLibp2p,
} from "../api/libp2p/serve-api-over-libp2p.ts";
import type { ProviderConfig } from "../config/provider-config.ts";
import { startDiscoveryIfOn } from "../discovery/start-discovery-if-on.ts";
import type { NodeDiscovery } from "../discovery/start-node-discovery.ts";
import { readEphemeralPorts } from "../net/ephemeral-ports.ts";
import { pricingReport } from "../payments/pricing-report.ts";
import { providerWalletClient } from "../payments/provider-wallet-client.ts";
import type { VmService } from "../service/vm-service.ts";
import { openDatabase } from "../state/open-database.ts";
import type { VmDriver } from "../vm/driver.ts";
import { createRevertStack } from "../vm/revert-stack.ts";
import { claimDataDir } from "./claim-data-dir.ts";
import { closeProviderNodeOnce } from "./close-provider-node.ts";
import { createNodeService } from "./create-node-service.ts";
import { createProviderInfo } from "./create-provider-info.ts";
import { createDaemonStatus } from "./daemon-status.ts";
import { ephemeralOverlapWarnings } from "./ephemeral-overlap-warnings.ts";
import type { NodeStatus } from "./node-status.ts";
import { openNodePayments } from "./open-node-payments.ts";
import { startOperatorServer } from "./operator-server.ts";
import { removePidFile, writePidFile } from "./pid-file.ts";
import { recoverWithRetry } from "./recover-with-retry.ts";
import { requireUsableDriver } from "./require-usable-driver.ts";
import { startNodeApi } from "./start-node-api.ts";
import { startPaymentJobs } from "./start-payment-jobs.ts";
import { verifyNodePorts } from "./verify-node-ports.ts";

/** Options of {@link startProviderNode}. */
export type StartProviderNodeOptions = {
  config: ProviderConfig;
  driver: VmDriver;
  version: string;
  log: (line: string) => void;
  /** Fastify's logger option for the public API (default: warnings and errors as JSON lines). */
  apiLogger?: boolean | Record<string, unknown>;
  /** The node's structured logger; the API logs through it (wins over `apiLogger`). */
  logger?: FastifyBaseLogger | undefined;
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
  const paths = await claimDataDir(config.dataDir);

  const revert = createRevertStack();
  try {
    const driverReport = await requireUsableDriver(driver, log);
    if (config.ssh.verifyPorts) await verifyNodePorts(config);
    for (const line of ephemeralOverlapWarnings(config, await readEphemeralPorts())) log(line);

    await writePidFile(paths.pidFile);
    revert.add(() => removePidFile(paths.pidFile));
    const db = openDatabase(paths.database);
    revert.add(() => db.close());
    const { account, payments } = await openNodePayments({
      config,
      db,
      privateKey: options.privateKey,
      chainClient: options.chainClient,
      log,
    });

    let discovery: NodeDiscovery | undefined;
    // Every create/destroy re-reads free resources; the advert changes when they did.
    const service = createNodeService({
      config,
      db,
      driver,
      payments: payments && {
        ...payments,
        wallet: providerWalletClient(account, config.payments, options.chainClient),
      },
      log,
      onChange: () => void discovery?.refresh().catch(() => undefined),
    });
    revert.add(() => service.close());

    const recovery = await recoverWithRetry({
      service,
      log,
      retryMs: options.recoverRetryMs ?? 30_000,
    });
    revert.add(() => recovery.cancel());

    // After recovery, so every VM the stream monitor reads is in its recovered state.
    const jobs = startPaymentJobs({ config, account, payments, service, db, log, revert });

    const api = await startNodeApi({
      config,
      db,
      service,
      providerInfo: createProviderInfo({
        config,
        providerId: account.address,
        version: options.version,
        driverReport,
        payments,
        service,
      }),
      version: options.version,
      listAdverts: () => discovery?.listAdverts() ?? [],
      peerId: () => discovery?.peerId,
      payments,
      logger: options.logger ?? options.apiLogger ?? { level: "warn" },
      log,
      revert,
    });

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
    // The same API on the node's libp2p host: peers reach it without a TLS certificate.
    if (discovery) {
      revert.add(await serveApiOverLibp2p({ libp2p: discovery.node.libp2p, app: api }));
      await discovery.offerApiOverLibp2p(HTTP_OVER_LIBP2P_PROTOCOL);
      log(`API served over libp2p (${HTTP_OVER_LIBP2P_PROTOCOL}) to peer ${discovery.peerId}`);
    }

    const status = createDaemonStatus({
      config,
      driverReport,
      service,
      discoveryStatus: () => advertising.status(),
      monitor: jobs.monitor,
    });
    const operator = await startOperatorServer({
      socketPath: paths.operatorSocket,
      service,
      status,
      pricing: () => pricingReport(config, "daemon", payments?.settings.prices),
      payments: payments?.settings,
      budgetTopUps: payments?.budgetTopUps,
      withdraw: jobs.withdrawNow,
    });
    revert.add(() => operator.close());
    revert.success();

    return {
      service,
      api,
      apiPort: config.api.port,
      discovery,
      status,
      close: closeProviderNodeOnce({
        recovery,
        jobs,
        discovery,
        operator,
        api,
        service,
        db,
        pidFile: paths.pidFile,
        log,
      }),
    };
  } catch (error) {
    await revert.revert();
    throw error;
  }
}
