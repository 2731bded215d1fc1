import type { DatabaseSync } from "node:sqlite";
import type { PrivateKeyAccount } from "viem/accounts";
import type { ProviderConfig } from "../config/provider-config.ts";
import { type WithdrawEarningsReturnType, withdrawEarnings } from "../payments/auto-withdraw.ts";
import { startAutoWithdraw } from "../payments/auto-withdraw-timer.ts";
import type { NodePayments } from "../payments/create-node-payments.ts";
import { type OfferPruning, startOfferPruning } from "../payments/offer-pruning.ts";
import { providerWalletClient } from "../payments/provider-wallet-client.ts";
import { createStreamMonitor, type StreamMonitor } from "../payments/stream-monitor.ts";
import type { VmService } from "../service/vm-service.ts";
import type { RevertStack } from "../vm/revert-stack.ts";

/** Parameters of {@link startPaymentJobs}. */
export type StartPaymentJobsParameters = {
  config: ProviderConfig;
  account: PrivateKeyAccount;
  /** The node's payments; undefined when payments are off (then nothing starts). */
  payments: NodePayments | undefined;
  service: VmService;
  db: DatabaseSync;
  log: (line: string) => void;
  /** The node's start-up revert stack: each job started registers its close here. */
  revert: RevertStack;
};

/** The node's payment jobs; every field is undefined when its job is off. */
export type PaymentJobs = {
  /** The stream monitor (`payments.monitor.enabled`). */
  monitor: StreamMonitor | undefined;
  /** The auto-withdraw timer (`payments.withdraw.enabled`). */
  autoWithdraw: { close(): Promise<void> } | undefined;
  /** Withdraws earnings now, whatever the amount (these streams, or all); for the operator. */
  withdrawNow: ((streamIds?: string[]) => Promise<WithdrawEarningsReturnType>) | undefined;
  /** Deletes expired, unpaid offers every `payments.offerPruneIntervalSeconds`. */
  offerPruning: OfferPruning | undefined;
};

/**
 * Starts what runs on a timer for payments, when payments are on: the stream monitor (call it
 * after recovery, so every VM it reads is in its recovered state) and the auto-withdraw timer,
 * each as configured, and the pruning of expired offers. Also returns the operator's
 * withdraw-now, signed with the payment key.
 *
 * @example const { monitor, autoWithdraw, withdrawNow } = startPaymentJobs({ config, account, payments, service, db, log, revert });
 */
export function startPaymentJobs(parameters: StartPaymentJobsParameters): PaymentJobs {
  const { config, account, payments, service, db, log, revert } = parameters;
  let monitor: StreamMonitor | undefined;
  if (payments && config.payments.monitor.enabled) {
    const { budgetTopUpHours, ...monitorConfig } = config.payments.monitor;
    monitor = createStreamMonitor({
      settings: payments.settings,
      service,
      db,
      log,
      ...monitorConfig,
      budget: {
        wallet: providerWalletClient(account, config.payments),
        store: payments.budgetTopUps,
        hours: budgetTopUpHours,
      },
    });
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
  const withdrawNow =
    withdraw &&
    ((streamIds?: string[]) => withdrawEarnings({ ...withdraw, minWei: 0n, streamIds, log }));
  const offerPruning =
    payments &&
    startOfferPruning({
      offers: payments.offers,
      intervalMs: config.payments.offerPruneIntervalSeconds * 1000,
      log,
    });
  revert.add(() => offerPruning?.close());
  return { monitor, autoWithdraw, withdrawNow, offerPruning };
}
