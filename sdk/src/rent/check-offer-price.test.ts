import { describe, expect, it } from "vitest";
import { golemRejection } from "../errors/golem-rejection.ts";
import type { Offer } from "../offer/offer-schema.ts";
import { ratePerSecond } from "../stream/rate-per-second.ts";
import { checkOfferPrice, maxOfferMinRunwaySeconds } from "./check-offer-price.ts";

const prices = { perCoreHour: 3_600_001n, perGiBMemoryHour: 7_200n, perGiBDiskHour: 1n };
const resources = { cpu: 2, memoryGiB: 3, storageGiB: 5 };
// ceil((2 × 3 600 001 + 3 × 7 200 + 5 × 1) / 3600) = 2007: the provider's rounding, to the wei.
const listed = ratePerSecond(prices, resources);
const offer = (overrides: Partial<Offer> = {}) =>
  ({ resources, ratePerSecond: listed, minRunwaySeconds: 3600, ...overrides }) as Offer;
const rejection = (run: () => unknown) =>
  golemRejection(
    Promise.resolve().then(() => {
      run();
    }),
  );

describe("checkOfferPrice", () => {
  it("takes an offer at or below the listed prices' rate, computed as the provider does", () => {
    expect(listed).toBe(2007n);
    expect(checkOfferPrice(offer(), { listedPrices: prices })).toEqual({
      listedRatePerSecond: 2007n,
    });
    expect(checkOfferPrice(offer({ ratePerSecond: 1n }), { listedPrices: prices })).toEqual({
      listedRatePerSecond: 2007n,
    });
    expect(checkOfferPrice(offer(), {})).toEqual({ listedRatePerSecond: undefined });
  });

  it("refuses one base unit per second above the listed rate", async () => {
    const error = await rejection(() =>
      checkOfferPrice(offer({ ratePerSecond: 2008n }), { listedPrices: prices }),
    );
    expect(error.code).toBe("OFFER_ABOVE_ADVERT");
  });

  it("applies a price cap per hour, rounded up to whole base units per second", async () => {
    expect(() => checkOfferPrice(offer(), { maxPricePerHour: 2007n * 3600n })).not.toThrow();
    expect(() => checkOfferPrice(offer(), { maxPricePerHour: 2006n * 3600n + 1n })).not.toThrow();
    const error = await rejection(() =>
      checkOfferPrice(offer(), { maxPricePerHour: 2006n * 3600n }),
    );
    expect(error.code).toBe("OFFER_ABOVE_MAX_PRICE");
  });

  it("caps the runway paid up front at a day", async () => {
    expect(maxOfferMinRunwaySeconds).toBe(86_400);
    expect(() => checkOfferPrice(offer({ minRunwaySeconds: 86_400 }), {})).not.toThrow();
    const error = await rejection(() => checkOfferPrice(offer({ minRunwaySeconds: 86_401 }), {}));
    expect(error.code).toBe("OFFER_RUNWAY_TOO_LONG");
  });
});
