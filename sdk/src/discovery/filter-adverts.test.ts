import { describe, expect, it } from "vitest";
import {
  type testAdvertContent,
  testProvider,
  testSignedAdvert,
} from "../../test-support/test-adverts.ts";
import type { SignedAdvert } from "../advert/advert-schema.ts";
import { filterAdverts, hourlyPrice } from "./filter-adverts.ts";

const make = (overrides: Parameters<typeof testAdvertContent>[0]) =>
  testSignedAdvert({ signer: testProvider(), content: overrides });

describe("filterAdverts", () => {
  it("filters by free resources, country, platform and payments network", async () => {
    const small = await make({
      resources: {
        total: { cpu: 2, memoryGiB: 4, storageGiB: 50 },
        free: { cpu: 1, memoryGiB: 2, storageGiB: 20 },
      },
    });
    const arm = await make({ platform: "aarch64", country: "DE" });
    const other = await make({ chainId: 17000 });
    const all = [small, arm, other];
    const ids = (list: SignedAdvert[]) => list.map((s) => s.advert.provider);
    expect(ids(filterAdverts(all, { cpu: 2 }))).toEqual(
      expect.arrayContaining([arm.advert.provider]),
    );
    expect(ids(filterAdverts(all, { cpu: 2 }))).not.toContain(small.advert.provider);
    expect(ids(filterAdverts(all, { memoryGiB: 3 }))).not.toContain(small.advert.provider);
    expect(ids(filterAdverts(all, { storageGiB: 21 }))).not.toContain(small.advert.provider);
    expect(ids(filterAdverts(all, { country: "de" }))).toEqual([arm.advert.provider]);
    expect(ids(filterAdverts(all, { country: ["FR", "DE"] }))).toEqual([arm.advert.provider]);
    expect(ids(filterAdverts(all, { platform: "AARCH64" }))).toEqual([arm.advert.provider]);
    expect(ids(filterAdverts(all, { chainId: 17000 }))).toEqual([other.advert.provider]);
    expect(filterAdverts(all, { chainId: 17000, all: true })).toHaveLength(3);
    expect(filterAdverts(all)).toHaveLength(3);
  });

  it("compares max price per hour for the size, or per core-hour, and sorts cheapest first", async () => {
    const cheapCpu = await make({
      prices: { perCoreHour: 10n, perGiBMemoryHour: 100n, perGiBDiskHour: 1n },
    });
    const cheapMem = await make({
      prices: { perCoreHour: 30n, perGiBMemoryHour: 1n, perGiBDiskHour: 1n },
    });
    const size = { cpu: 2, memoryGiB: 4, storageGiB: 20 };
    expect(hourlyPrice(cheapCpu.advert, size)).toBe(2n * 10n + 4n * 100n + 20n);
    expect(hourlyPrice(cheapMem.advert, size)).toBe(2n * 30n + 4n + 20n);
    const bySize = filterAdverts([cheapCpu, cheapMem], { ...size, maxPrice: 100n });
    expect(bySize.map((s) => s.advert.provider)).toEqual([cheapMem.advert.provider]);
    const perCore = filterAdverts([cheapMem, cheapCpu], { maxPrice: 30n });
    expect(perCore.map((s) => s.advert.provider)).toEqual([
      cheapCpu.advert.provider,
      cheapMem.advert.provider,
    ]);
    expect(filterAdverts([cheapMem, cheapCpu], { maxPrice: 20n })).toHaveLength(1);
  });
});
