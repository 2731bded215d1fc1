import type { SigningClient } from "@vm-on-golem/sdk/contract";
import type { ProviderInfoView as ProviderInfo } from "@vm-on-golem/sdk/provider-api";
import type { FastifyInstance } from "fastify";
import type { LocalAccount } from "viem";
import { type CreateApiOptions, createApi } from "../../src/api/create-api.ts";
import { createNonceStore } from "../../src/auth/nonce-store.ts";
import { createSessionStore } from "../../src/auth/session-store.ts";
import { createBudgetTopUpStore } from "../../src/payments/budget-top-up-store.ts";
import { createVmPayments } from "../../src/payments/create-vm-payments.ts";
import { createOfferStore, type OfferStore } from "../../src/payments/offer-store.ts";
import type { PaymentSettings } from "../../src/payments/payment-settings.ts";
import { providerWalletOf } from "./provider-wallet.ts";
import {
  createServiceHarness,
  type ServiceHarness,
  type ServiceHarnessOptions,
} from "./service-harness.ts";
import { signSiwe } from "./siwe.ts";

/** The Host header test requests carry, and the harness's SIWE domain. */
export const testHost = "provider.test:7466";
export const testChainId = 31_337;

/** Options of {@link createApiHarness}. */
export type ApiHarnessOptions = ServiceHarnessOptions & {
  api?: Partial<CreateApiOptions["api"]>;
  providerInfo?: () => Promise<ProviderInfo>;
  /** Turns payments on with these settings: offers, and the on-chain check on creates. */
  paymentSettings?: PaymentSettings;
  /** The stop threshold a paid start must exceed (seconds, default 600 as the monitor tests use). */
  stopBelowSeconds?: number;
  /** Fastify's logger option (e.g. `captureApiLog().logger`); none by default. */
  logger?: CreateApiOptions["logger"];
  /** Closes the streams of destroyed VMs; default the settings' key over its client, with gas. */
  paymentWallet?: SigningClient;
  /** The node's libp2p peer id (sign-ins are bound to it); none by default. */
  peerId?: () => string | undefined;
};

/** An API over the fake driver, a clock the test moves, and a sign-in helper. */
export type ApiHarness = ServiceHarness & {
  app: FastifyInstance;
  /** Milliseconds added to the real clock for sessions and nonces. */
  clock: { offsetMs: number };
  /** Signs in `account` through the API and returns its bearer header. */
  signIn(
    account: Pick<LocalAccount, "address" | "signMessage">,
  ): Promise<{ authorization: string; token: string }>;
  /** The offer table, when payments are on. */
  offers: OfferStore | undefined;
};

/** A provider-info answer that needs no host probing. */
export const testProviderInfo = async (): Promise<ProviderInfo> => ({
  providerId: null,
  name: "test-provider",
  country: null,
  network: "local",
  version: "0.0.0-test",
  driver: { name: "fake", accel: null, usable: true, reason: null },
  resources: {
    total: { cpu: 8, memoryGiB: 16, storageGiB: 200 },
    free: { cpu: 8, memoryGiB: 16, storageGiB: 200 },
    vms: { max: 5, used: 0, free: 5 },
  },
  prices: null,
  paymentsEnabled: false,
  apiExtensions: ["siwe-auth"],
});

/**
 * Builds the HTTP API in-process on the fake driver (no port; use `app.inject()`).
 *
 * @example const h = await createApiHarness(); const { authorization } = await h.signIn(randomAccount());
 */
export async function createApiHarness(options: ApiHarnessOptions = {}): Promise<ApiHarness> {
  const clock = { offsetMs: 0 };
  const now = () => Date.now() + clock.offsetMs;
  const settings = options.paymentSettings;
  const wallet = settings && (options.paymentWallet ?? (await providerWalletOf(settings)));
  const base = await createServiceHarness({
    ...options,
    ...(settings && wallet
      ? {
          payments: (db) =>
            createVmPayments({
              settings,
              offers: createOfferStore(db),
              db,
              wallet,
              stopBelowSeconds: options.stopBelowSeconds ?? 600,
              now,
            }),
        }
      : {}),
  });
  const offers = settings ? createOfferStore(base.db) : undefined;
  const app = await createApi({
    service: base.service,
    sessions: createSessionStore(base.db, now),
    nonces: createNonceStore(base.db, now),
    providerInfo: options.providerInfo ?? testProviderInfo,
    version: "0.0.0-test",
    api: {
      publicHost: "auto",
      siweDomain: testHost,
      port: 7466,
      corsOrigins: [],
      bodyLimitBytes: 64 * 1024,
      authRateLimitPerMinute: 1000,
      requestTimeoutSeconds: 30,
      offerRateLimitPerMinute: 1000,
      offerRateLimitPerMinutePerIp: 1000,
      ...options.api,
    },
    auth: { chainId: testChainId, nonceTtlSeconds: 300, sessionTtlSeconds: 3600 },
    providerName: "test-provider",
    peerId: options.peerId,
    payments:
      settings && offers
        ? { settings, offers, budgetTopUps: createBudgetTopUpStore(base.db) }
        : undefined,
    now,
    logger: options.logger ?? false,
  });

  const signIn = async (account: Pick<LocalAccount, "address" | "signMessage">) => {
    const nonce = await app.inject({
      method: "POST",
      url: "/api/v1/auth/nonce",
      headers: { host: testHost },
    });
    const { nonce: value, domain, chainId, peerId } = nonce.json();
    const signed = await signSiwe({ account, domain, nonce: value, chainId, peerId });
    const verify = await app.inject({
      method: "POST",
      url: "/api/v1/auth/verify",
      headers: { host: testHost },
      payload: signed,
    });
    if (verify.statusCode !== 200) throw new Error(`sign-in failed: ${verify.body}`);
    const { token } = verify.json();
    return { token, authorization: `Bearer ${token}` };
  };

  return {
    ...base,
    app,
    clock,
    signIn,
    offers,
    close: async () => {
      await app.close();
      await base.close();
    },
  };
}
