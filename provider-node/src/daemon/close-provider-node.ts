import type { DatabaseSync } from "node:sqlite";
import type { NodeDiscovery } from "../discovery/start-node-discovery.ts";
import type { VmService } from "../service/vm-service.ts";
import { removePidFile } from "./pid-file.ts";
import type { RecoveryRetry } from "./recover-with-retry.ts";
import type { PaymentJobs } from "./start-payment-jobs.ts";

/** What a running node stops, in the order {@link closeProviderNodeOnce} stops it. */
export type ProviderNodeParts = {
  recovery: RecoveryRetry;
  jobs: Pick<PaymentJobs, "autoWithdraw" | "monitor" | "offerPruning">;
  discovery: Pick<NodeDiscovery, "stop"> | undefined;
  operator: { close(): Promise<unknown> };
  api: { close(): Promise<unknown> };
  service: Pick<VmService, "close">;
  db: Pick<DatabaseSync, "close">;
  pidFile: string;
  log: (line: string) => void;
};

/**
 * The node's `close`: cancels the recovery retry, stops the payment jobs, discovery, the
 * operator socket, the API and the service's forwards, closes the database and removes the
 * pid file. VMs keep running, to be re-adopted at the next start. Every call after the first
 * returns the first call's promise.
 *
 * @example const close = closeProviderNodeOnce({ recovery, jobs, discovery, operator, api, service, db, pidFile, log });
 */
export function closeProviderNodeOnce(parts: ProviderNodeParts): () => Promise<void> {
  const { recovery, jobs, discovery, operator, api, service, db, log } = parts;
  let closing: Promise<void> | undefined;
  return () => {
    closing ??= (async () => {
      recovery.cancel();
      await jobs.autoWithdraw?.close();
      await jobs.monitor?.close();
      await jobs.offerPruning?.close();
      await discovery?.stop();
      await operator.close();
      await api.close();
      await service.close();
      db.close();
      await removePidFile(parts.pidFile);
      log("stopped; VMs keep running and are re-adopted at the next start");
    })();
    return closing;
  };
}
