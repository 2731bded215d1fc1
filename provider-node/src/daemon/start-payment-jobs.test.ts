import { createPublicClient, http } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterEach, expect, test } from "vitest";
import { createServiceHarness, type ServiceHarness } from "../../test/support/service-harness.ts";
import { randomAccount } from "../../test/support/siwe.ts";
import { loadProviderConfig } from "../config/load-provider-config.ts";
import { createBudgetTopUpStore } from "../payments/budget-top-up-store.ts";
import { issueOffer } from "../payments/issue-offer.ts";
import { createOfferStore } from "../payments/offer-store.ts";
import type { PaymentSettings } from "../payments/payment-settings.ts";
import { createRevertStack } from "../vm/revert-stack.ts";
import { startPaymentJobs } from "./start-payment-jobs.ts";

// Real SQLite and signatures, the TEST-ONLY fake VM driver; the monitor and auto-withdraw are
// off, so no job reads the chain (the client points at a closed port).
let h: ServiceHarness | undefined;
afterEach(async () => {
  await h?.close();
});

test("attack: offers nobody pays for do not pile up: the paid node's jobs delete expired ones on their timer", async () => {
  h = await createServiceHarness();
  const { config } = await loadProviderConfig({
    homeDir: h.dir,
    flags: {
      dataDir: h.dir,
      payments: { offerPruneIntervalSeconds: 1, monitor: { enabled: false } },
    },
  });
  const account = privateKeyToAccount(generatePrivateKey());
  const settings: PaymentSettings = {
    account,
    client: createPublicClient({ transport: http("http://127.0.0.1:9") }),
    chainId: 31_337,
    streamPayment: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
    token: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
    prices: { perCoreHour: 3600n, perGiBMemoryHour: 3600n, perGiBDiskHour: 3600n },
    minRunwaySeconds: 3600,
    offerTtlSeconds: 1,
    maxOpenOffersPerRequestor: 1000,
  };
  const { db } = h;
  const offers = createOfferStore(db);
  const count = () => (db.prepare("SELECT count(*) AS n FROM offers").get() as { n: number }).n;
  for (let i = 0; i < 50; i++) {
    await issueOffer({
      settings,
      offers,
      requestor: randomAccount().address,
      resources: { cpu: 1, memoryGiB: 1, storageGiB: 2 },
      nowMs: Date.now(),
    });
  }
  expect(count()).toBe(50);

  const revert = createRevertStack();
  const jobs = startPaymentJobs({
    config,
    account,
    payments: { settings, offers, budgetTopUps: createBudgetTopUpStore(db) },
    service: h.service,
    db,
    log: () => {},
    revert,
  });
  await expect.poll(count, { timeout: 5_000 }).toBe(0);
  await jobs.offerPruning?.close();
  await revert.revert();
});
