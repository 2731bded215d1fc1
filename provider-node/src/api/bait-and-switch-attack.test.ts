import { verifyAdvert } from "@vm-on-golem/sdk/advert";
import { getGlmBalance } from "@vm-on-golem/sdk/contract";
import { golemRejection } from "@vm-on-golem/sdk/errors";
import { createProviderClient } from "@vm-on-golem/sdk/provider-client";
import { rentVm } from "@vm-on-golem/sdk/rent";
import type { HourlyPrices } from "@vm-on-golem/sdk/stream";
import { testSignedAdvert } from "@vm-on-golem/sdk/test-support/test-adverts";
import { privateKeyToAccount } from "viem/accounts";
import { afterEach, beforeAll, describe, expect, test } from "vitest";
import { freePort } from "../../../scripts/lib/free-port.ts";
import { type ApiHarness, createApiHarness } from "../../test/support/api-harness.ts";
import {
  createPaidChain,
  type PaidChain,
  siweSignerOf,
  testPrices,
} from "../../test/support/paid-chain.ts";
import type { PaymentSettings } from "../payments/payment-settings.ts";

// A hostile provider is the real provider API (real HTTP, real SIWE, real offers signed with
// its key) configured to quote what it likes, beside a signed advert that says otherwise. The
// victim is the sdk's rentVm, as the CLI and the dapp run it, on a real Hardhat chain. The VM
// driver is the fake one: no VM may be made at all.
let chain: PaidChain;
let h: ApiHarness | undefined;
beforeAll(async () => {
  chain = await createPaidChain();
}, 120_000);
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const times = (prices: HourlyPrices, n: bigint): HourlyPrices => ({
  perCoreHour: prices.perCoreHour * n,
  perGiBMemoryHour: prices.perGiBMemoryHour * n,
  perGiBDiskHour: prices.perGiBDiskHour * n,
});

/** A provider API over real HTTP whose offers follow `overrides`, and its advert's prices. */
async function hostileProvider(overrides: Partial<PaymentSettings>, advertised = testPrices) {
  const port = await freePort();
  h = await createApiHarness({
    paymentSettings: chain.settings(overrides),
    api: { siweDomain: `127.0.0.1:${port}`, port },
  });
  await h.app.listen({ host: "127.0.0.1", port });
  const apiUrl = `http://127.0.0.1:${port}`;
  const signed = await testSignedAdvert({
    signer: privateKeyToAccount(chain.providerKey),
    content: {
      apiUrl,
      prices: advertised,
      chainId: chain.deployment.chainId,
      streamPayment: chain.streamPayment,
      token: chain.glm,
    },
  });
  const verified = await verifyAdvert(signed, {
    accept: [{ chainId: chain.deployment.chainId, streamPayment: chain.streamPayment }],
  });
  if (!verified.ok) throw new Error(verified.message);
  return { apiUrl, advert: verified.advert };
}

/** What money and state there is now: nothing of it may change when a rent is refused. */
async function snapshot() {
  const sender = chain.requestor.account.address;
  return {
    requestorGlm: await getGlmBalance(chain.publicClient, { token: chain.glm, owner: sender }),
    contractGlm: await getGlmBalance(chain.publicClient, {
      token: chain.glm,
      owner: chain.streamPayment,
    }),
    requestorTransactions: await chain.publicClient.getTransactionCount({ address: sender }),
    vms: h?.service.listVms().length,
    usedOffers: h?.db
      .prepare("SELECT COUNT(*) AS n FROM offers WHERE used_by_vm IS NOT NULL")
      .get(),
  };
}

const rent = (apiUrl: string, extra: Partial<Parameters<typeof rentVm>[0]>) =>
  rentVm({
    provider: createProviderClient({
      baseUrl: apiUrl,
      signer: siweSignerOf(chain.requestor),
      chainId: chain.deployment.chainId,
    }),
    wallet: chain.requestor,
    deployment: {
      chainId: chain.deployment.chainId,
      streamPayment: chain.streamPayment,
      token: chain.glm,
    },
    providerId: chain.providerAccount.address,
    vm: {
      name: "victim",
      cpu: 1,
      memoryGiB: 1,
      storageGiB: 2,
      sshPublicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKey test@host",
    },
    hours: 2,
    ...extra,
  });

describe("bait and switch: a provider's offer may not cost more than what the user was shown", () => {
  test("an advert at one price and offers at 1000x: refused before any money moves, even with --yes", async () => {
    const { apiUrl, advert } = await hostileProvider({ prices: times(testPrices, 1000n) });
    const before = await snapshot();
    let asked = false;
    const error = await golemRejection(
      rent(apiUrl, {
        listedPrices: advert.prices,
        // --yes: confirmation is implied; the check must not depend on a human reading the price.
        confirm: async () => {
          asked = true;
          return true;
        },
      }),
    );
    expect(error.code).toBe("OFFER_ABOVE_ADVERT");
    expect(error.details).toMatchObject({
      offerRatePerSecond: "2200000000000",
      advertRatePerSecond: "2200000000",
    });
    expect(error.hints[0]).toMatch(/do not pay it/);
    expect(asked).toBe(false);
    expect(await snapshot()).toEqual(before);
  });

  test("an offer that asks for ten days of runway up front: refused before any money moves", async () => {
    const { apiUrl, advert } = await hostileProvider({ minRunwaySeconds: 10 * 86_400 });
    const before = await snapshot();
    const error = await golemRejection(rent(apiUrl, { listedPrices: advert.prices, hours: 300 }));
    expect(error.code).toBe("OFFER_RUNWAY_TOO_LONG");
    expect(error.details).toMatchObject({ minRunwaySeconds: 864_000 });
    expect(await snapshot()).toEqual(before);
  });

  test("an offer above --max-price: refused before any money moves; at the limit it is paid", async () => {
    const { apiUrl, advert } = await hostileProvider({});
    const before = await snapshot();
    // 2 200 000 000 base units per second = 7 920 000 000 000 per hour for this size; a limit
    // is rounded up to whole base units per second, the only tolerance.
    const error = await golemRejection(
      rent(apiUrl, { listedPrices: advert.prices, maxPricePerHour: 2_199_999_999n * 3600n }),
    );
    expect(error.code).toBe("OFFER_ABOVE_MAX_PRICE");
    expect(await snapshot()).toEqual(before);

    const paid = await rent(apiUrl, {
      listedPrices: advert.prices,
      maxPricePerHour: 7_920_000_000_000n,
    });
    expect(paid.quote).toMatchObject({
      ratePerSecond: 2_200_000_000n,
      listedRatePerSecond: 2_200_000_000n,
    });
    expect(h?.service.listVms().map((vm) => vm.name)).toEqual(["victim"]);
  });
});
