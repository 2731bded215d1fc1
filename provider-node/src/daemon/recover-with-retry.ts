import type { VmService } from "../service/vm-service.ts";

/** Parameters of {@link recoverWithRetry}. */
export type RecoverWithRetryParameters = {
  service: Pick<VmService, "recover">;
  log: (line: string) => void;
  /** How long after a recovery with problems it runs again (ms). */
  retryMs: number;
};

/** A recovery's pending retry. */
export type RecoveryRetry = {
  /** Cancels the retry that is waiting, if any. */
  cancel(): void;
};

/**
 * Re-adopts the VMs a previous run left (`service.recover()`), logs what it found and each
 * problem, and, while problems remain (e.g. a transient failure), tries again after `retryMs`
 * on a timer that does not keep the process alive. The first recovery is awaited and its
 * failure thrown; a retry's failure is logged.
 *
 * @example
 * const recovery = await recoverWithRetry({ service, log, retryMs: 30_000 });
 * process.once("SIGTERM", () => recovery.cancel());
 */
export async function recoverWithRetry(
  parameters: RecoverWithRetryParameters,
): Promise<RecoveryRetry> {
  const { service, log } = parameters;
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
        parameters.retryMs,
      );
      retry.unref();
    }
  };
  await recover();
  return { cancel: () => clearTimeout(retry) };
}
