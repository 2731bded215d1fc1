import { paymentsNetworkLabel } from "@vm-on-golem/sdk/deployments";
import { HOURS_PER_MONTH } from "@vm-on-golem/sdk/money";
import {
  TEST_CHAIN_ID,
  TEST_STREAM_PAYMENT,
  TEST_TOKEN,
  testProvider,
  testSignedAdvert,
} from "@vm-on-golem/sdk/test-support/test-adverts";
import { describe, expect, it } from "vitest";
import type { OwnDeployment } from "../chain/own-deployment.ts";
import {
  isOwnDeployment,
  paysInOwnToken,
  providerRows,
  reachabilityText,
  withinMaxPrice,
  withReachability,
} from "./provider-rows.ts";

const own: OwnDeployment = {
  chainId: TEST_CHAIN_ID,
  streamPayment: TEST_STREAM_PAYMENT,
  token: TEST_TOKEN,
};
const OTHER_TOKEN = "0x0000000000000000000000000000000000000002";
const OTHER_CONTRACT = "0x0000000000000000000000000000000000000001";
const SEPOLIA = 11155111;

/** A signed test advert at `perCoreHour` (other prices 0) on a chain/contract/token. */
const priced = (perCoreHour: bigint, content: Record<string, unknown> = {}) =>
  testSignedAdvert({
    signer: testProvider(),
    content: { prices: { perCoreHour, perGiBMemoryHour: 0n, perGiBDiskHour: 0n }, ...content },
  });

describe("providerRows", () => {
  it("prices the requested size per hour and per month", async () => {
    const signer = testProvider();
    const signed = await testSignedAdvert({ signer });
    const [row] = providerRows([signed], { cpu: 2, memoryGiB: 4, storageGiB: 20 }, own);
    // test prices: 1e16 per core-hour, 1e15 per GiB-memory-hour, 1e13 per GiB-disk-hour
    const hourly = 2n * 10n ** 16n + 4n * 10n ** 15n + 20n * 10n ** 13n;
    expect(row?.pricePerHour).toBe(hourly);
    expect(row?.pricePerMonth).toBe(hourly * HOURS_PER_MONTH);
    expect(row?.providerId).toBe(signer.address);
  });
  it("prices a 1-core, 1-GiB size when none is asked", async () => {
    const signed = await testSignedAdvert({ signer: testProvider() });
    const [row] = providerRows([signed], {}, own);
    expect(row?.priceFor).toEqual({ cpu: 1, memoryGiB: 1, storageGiB: 1 });
    expect(row?.pricePerHour).toBe(10n ** 16n + 10n ** 15n + 10n ** 13n);
  });
  it("lists providers that answered first, keeping price order within each group", async () => {
    const adverts = await Promise.all(
      [1n, 2n, 3n, 4n].map((perCoreHour) =>
        testSignedAdvert({
          signer: testProvider(),
          content: { prices: { perCoreHour, perGiBMemoryHour: 0n, perGiBDiskHour: 0n } },
        }),
      ),
    );
    const rows = providerRows(adverts, {}, own);
    const probed = withReachability(rows, [
      { reachable: false, reason: "timeout" },
      { reachable: true, latencyMs: 20 },
      { reachable: false, reason: "wrong-provider", reportedProviderId: null },
      { reachable: true, latencyMs: 5 },
    ]);
    expect(probed.map((r) => r.prices.perCoreHour)).toEqual([2n, 4n, 1n, 3n]);
    expect(probed[0]?.reachability).toEqual({ reachable: true, latencyMs: 20 });
    expect(() => withReachability(rows, [])).toThrow(RangeError);
  });
});

describe("payments networks", () => {
  it("names known chains as --network does, others by id", () => {
    expect(paymentsNetworkLabel(31337)).toBe("local");
    expect(paymentsNetworkLabel(SEPOLIA)).toBe("sepolia");
    expect(paymentsNetworkLabel(424242)).toBe("chain 424242");
  });

  it("tells this CLI's token and deployment apart from others (addresses in any case)", () => {
    const lower = { ...own, token: own.token.toLowerCase() as `0x${string}` };
    expect(paysInOwnToken({ chainId: TEST_CHAIN_ID, token: TEST_TOKEN }, lower)).toBe(true);
    expect(paysInOwnToken({ chainId: SEPOLIA, token: TEST_TOKEN }, own)).toBe(false);
    expect(paysInOwnToken({ chainId: TEST_CHAIN_ID, token: OTHER_TOKEN }, own)).toBe(false);
    const sameTokenOtherContract = {
      chainId: TEST_CHAIN_ID,
      token: TEST_TOKEN,
      streamPayment: OTHER_CONTRACT,
    } as const;
    expect(paysInOwnToken(sameTokenOtherContract, own)).toBe(true);
    expect(isOwnDeployment(sameTokenOtherContract, own)).toBe(false);
    expect(
      isOwnDeployment({ ...sameTokenOtherContract, streamPayment: TEST_STREAM_PAYMENT }, own),
    ).toBe(true);
  });

  it("rows carry their network, contract and token and whether vm create can rent them", async () => {
    const rows = providerRows(
      [
        await priced(1n, { chainId: SEPOLIA, token: OTHER_TOKEN }),
        await priced(2n),
        await priced(3n, { chainId: 424242 }),
        await priced(4n, { streamPayment: OTHER_CONTRACT }),
        await priced(5n),
      ],
      {},
      own,
    );
    // This deployment first (price order kept), then the others by chain id.
    expect(rows.map((r) => [r.prices.perCoreHour, r.network, r.ownDeployment])).toEqual([
      [2n, "local", true],
      [5n, "local", true],
      [4n, "local", false],
      [3n, "chain 424242", false],
      [1n, "sepolia", false],
    ]);
    expect(rows[4]).toMatchObject({
      chainId: SEPOLIA,
      streamPayment: TEST_STREAM_PAYMENT,
      token: OTHER_TOKEN,
    });
  });

  it("applies --max-price only to adverts priced in this CLI's token", async () => {
    const cheap = await priced(1n);
    const dear = await priced(100n);
    const dearOnSepolia = await priced(100n, { chainId: SEPOLIA });
    const dearInOtherToken = await priced(100n, { token: OTHER_TOKEN });
    const dearOtherContract = await priced(100n, { streamPayment: OTHER_CONTRACT });
    const all = [cheap, dear, dearOnSepolia, dearInOtherToken, dearOtherContract];
    expect(withinMaxPrice(all, { maxPrice: 10n }, own)).toEqual([
      cheap,
      dearOnSepolia,
      dearInOtherToken,
    ]);
    // The hourly price of the size is compared when a size is given: 2 × 1 > 1.
    expect(withinMaxPrice([cheap], { cpu: 2, maxPrice: 1n }, own)).toEqual([]);
    expect(withinMaxPrice(all, {}, own)).toEqual(all);
  });
});

describe("reachabilityText", () => {
  it("says yes with the round trip, or no with the reason", () => {
    expect(reachabilityText({ reachable: true, latencyMs: 12 })).toBe("yes, 12 ms");
    expect(reachabilityText({ reachable: false, reason: "timeout" })).toBe("no: timeout");
    expect(
      reachabilityText({ reachable: false, reason: "unreachable", detail: "ECONNREFUSED" }),
    ).toBe("no: refused");
    expect(reachabilityText({ reachable: false, reason: "unreachable", detail: "ENOTFOUND" })).toBe(
      "no: unreachable",
    );
    expect(reachabilityText({ reachable: false, reason: "http-error", status: 503 })).toBe(
      "no: HTTP 503",
    );
    expect(reachabilityText({ reachable: false, reason: "wrong-provider" })).toBe(
      "no: wrong provider",
    );
    expect(reachabilityText({ reachable: false, reason: "payments-off" })).toBe("no: payments off");
  });
});
