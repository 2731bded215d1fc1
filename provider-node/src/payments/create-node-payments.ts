import type { DatabaseSync } from "node:sqlite";
import { paymentDeployment, streamPaymentNamed } from "@vm-on-golem/sdk/deployments";
import { loadDeployment } from "@vm-on-golem/sdk/deployments/node";
import { type Address, type Client, createPublicClient, http, type LocalAccount } from "viem";
import type { ProviderConfig } from "../config/provider-config.ts";
import { type BudgetTopUpStore, createBudgetTopUpStore } from "./budget-top-up-store.ts";
import { hourlyPricesOf } from "./hourly-prices-of.ts";
import { createOfferStore, type OfferStore } from "./offer-store.ts";
import type { PaymentSettings } from "./payment-settings.ts";

/** Parameters of {@link createNodePayments}. */
export type CreateNodePaymentsParameters = {
  config: ProviderConfig;
  account: Pick<LocalAccount, "address" | "signTypedData">;
  db: DatabaseSync;
  /** A chain client; by default an HTTP client on `payments.rpcUrl`. */
  client?: Client | undefined;
};

/** The node's payment settings, offer table and record of top-ups pulled from stream budgets. */
export type NodePayments = {
  settings: PaymentSettings;
  offers: OfferStore;
  budgetTopUps: BudgetTopUpStore;
};

/**
 * Resolves the node's payment settings from its config: the deployment of `payments.chainId`
 * (the StreamPayment `payments.streamPayment` names, else the one of `payments.pay`, and its
 * token), a chain client, prices per hour in that token's base units. Fails with
 * `DEPLOYMENT_NOT_FOUND` when that chain has no deployment, `PAYMENT_NOT_DEPLOYED` when it has no
 * StreamPayment for `payments.pay` or none at `payments.streamPayment`.
 *
 * @example const payments = await createNodePayments({ config, account, db });
 */
export async function createNodePayments(p: CreateNodePaymentsParameters): Promise<NodePayments> {
  const { payments } = p.config;
  const deployment = await loadDeployment(
    payments.chainId,
    payments.deploymentsDir ? { dir: payments.deploymentsDir } : {},
  );
  const accepted = payments.streamPayment
    ? streamPaymentNamed(deployment, payments.streamPayment as Address)
    : paymentDeployment(deployment, payments.pay);
  const client = p.client ?? createPublicClient({ transport: http(payments.rpcUrl) });
  return {
    settings: {
      account: p.account,
      client,
      chainId: payments.chainId,
      streamPayment: accepted.streamPayment,
      token: accepted.token,
      accepted: [accepted],
      prices: hourlyPricesOf(p.config.pricing),
      minRunwaySeconds: payments.minRunwaySeconds,
      offerTtlSeconds: payments.offerTtlSeconds,
      maxOpenOffersPerRequestor: payments.maxOpenOffersPerRequestor,
    },
    offers: createOfferStore(p.db),
    budgetTopUps: createBudgetTopUpStore(p.db),
  };
}
