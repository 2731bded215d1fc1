import { testProvider, testSignedAdvert } from "@vm-on-golem/sdk/advert/test-adverts";
import { describe, expect, it } from "vitest";
import { HOURS_PER_MONTH, providerRows } from "./provider-rows.ts";

describe("providerRows", () => {
  it("prices the requested size per hour and per month", async () => {
    const signer = testProvider();
    const signed = await testSignedAdvert({ signer });
    const [row] = providerRows([signed], { cpu: 2, memoryGiB: 4, storageGiB: 20 });
    // test prices: 1e16 per core-hour, 1e15 per GiB-memory-hour, 1e13 per GiB-disk-hour
    const hourly = 2n * 10n ** 16n + 4n * 10n ** 15n + 20n * 10n ** 13n;
    expect(row?.pricePerHour).toBe(hourly);
    expect(row?.pricePerMonth).toBe(hourly * HOURS_PER_MONTH);
    expect(row?.providerId).toBe(signer.address);
  });
  it("prices a 1-core, 1-GiB size when none is asked", async () => {
    const signed = await testSignedAdvert({ signer: testProvider() });
    const [row] = providerRows([signed], {});
    expect(row?.priceFor).toEqual({ cpu: 1, memoryGiB: 1, storageGiB: 1 });
    expect(row?.pricePerHour).toBe(10n ** 16n + 10n ** 15n + 10n ** 13n);
  });
});
