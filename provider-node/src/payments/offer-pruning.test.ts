import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DatabaseSync } from "node:sqlite";
import { createPublicClient, http } from "viem";
import { afterEach, beforeEach, expect, test } from "vitest";
import { randomAccount } from "../../test/support/siwe.ts";
import { openDatabase } from "../state/open-database.ts";
import { issueOffer } from "./issue-offer.ts";
import { startOfferPruning } from "./offer-pruning.ts";
import { createOfferStore, type OfferStore } from "./offer-store.ts";
import type { PaymentSettings } from "./payment-settings.ts";

// Real SQLite and real signatures; issuing an offer never reads the chain, so the client
// points at a closed port.
let dir: string;
let db: DatabaseSync;
let offers: OfferStore;
const settings: PaymentSettings = {
  account: randomAccount(),
  client: createPublicClient({ transport: http("http://127.0.0.1:9") }),
  chainId: 31_337,
  streamPayment: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
  token: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
  prices: { perCoreHour: 3600n, perGiBMemoryHour: 3600n, perGiBDiskHour: 3600n },
  minRunwaySeconds: 3600,
  offerTtlSeconds: 600,
  maxOpenOffersPerRequestor: 100,
};
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "offer-pruning-"));
  db = openDatabase(join(dir, "provider.db"));
  offers = createOfferStore(db);
});
afterEach(async () => {
  db.close();
  await rm(dir, { recursive: true, force: true });
});

const rows = () => db.prepare("SELECT service_id FROM offers ORDER BY service_id").all();

test("expired unused offers are deleted on the timer; fresh and used ones are kept", async () => {
  const requestor = randomAccount().address;
  const resources = { cpu: 1, memoryGiB: 1, storageGiB: 2 };
  const t0 = Date.now();
  const issue = (nowMs: number) =>
    issueOffer({ settings, offers, requestor, resources, nowMs }).then((o) => o.serviceId);
  const expired = await issue(t0 - 700_000);
  const expiredButUsed = await issue(t0 - 700_000);
  expect(offers.markUsed(expiredButUsed, "vm-1", "7")).toBe(true);
  const fresh = await issue(t0);

  let clock = t0;
  const logs: string[] = [];
  const pruning = startOfferPruning({
    offers,
    intervalMs: 50,
    now: () => clock,
    log: (l) => logs.push(l),
  });
  // The first pass runs at start.
  expect(offers.get(expired)).toBeUndefined();
  expect(logs).toEqual(["deleted 1 expired offers nobody paid for"]);
  // Later passes take what expired since.
  clock = t0 + 601_000;
  await expect.poll(() => offers.get(fresh)).toBeUndefined();
  expect(rows()).toEqual([{ service_id: expiredButUsed.toLowerCase() }]);
  await pruning.close();
});
