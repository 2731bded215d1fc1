import type { DatabaseSync } from "node:sqlite";
import type { Client } from "viem";
import type { PrivateKeyAccount } from "viem/accounts";
import type { ProviderConfig } from "../config/provider-config.ts";
import { createNodePayments, type NodePayments } from "../payments/create-node-payments.ts";
import { loadPaymentKey } from "../payments/payment-key.ts";

/** Parameters of {@link openNodePayments}. */
export type OpenNodePaymentsParameters = {
  config: ProviderConfig;
  db: DatabaseSync;
  /** The payment key from the entry point's env; else `<dataDir>/payment.key`. */
  privateKey: string | undefined;
  /** Chain client for payments (tests); by default HTTP on `payments.rpcUrl`. */
  chainClient: Client | undefined;
  log: (line: string) => void;
};

/** Result of {@link openNodePayments}. */
export type OpenNodePaymentsReturnType = {
  /** The provider's payment account; its address is the provider id. */
  account: PrivateKeyAccount;
  /** Payment settings and offers; undefined when `payments.enabled` is false. */
  payments: NodePayments | undefined;
};

/**
 * Loads the provider's payment key (its address is the provider id, logged) and, when
 * payments are on, resolves the node's payment settings on the chain and logs them.
 *
 * @example const { account, payments } = await openNodePayments({ config, db, privateKey, chainClient, log });
 */
export async function openNodePayments(
  parameters: OpenNodePaymentsParameters,
): Promise<OpenNodePaymentsReturnType> {
  const { config, db, log } = parameters;
  const account = await loadPaymentKey({
    dataDir: config.dataDir,
    privateKey: parameters.privateKey,
  });
  log(`provider id (payment address) ${account.address}`);
  if (!config.payments.enabled) return { account, payments: undefined };
  const payments = await createNodePayments({
    config,
    account,
    db,
    client: parameters.chainClient,
  });
  log(
    `payments on: chain ${payments.settings.chainId}, StreamPayment ${payments.settings.streamPayment}, token ${payments.settings.token}`,
  );
  return { account, payments };
}
