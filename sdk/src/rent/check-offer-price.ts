import { GolemError } from "../errors/golem-error.ts";
import type { Offer } from "../offer/offer-schema.ts";
import { type HourlyPrices, ratePerSecond } from "../stream/rate-per-second.ts";

/**
 * The most runway (seconds) an offer may ask to be paid before its VM starts: a day. A provider
 * asking more would hold a large deposit; the client refuses such an offer.
 */
export const maxOfferMinRunwaySeconds = 86_400;

/** What the user agreed to before asking for an offer; see {@link checkOfferPrice}. */
export type OfferPriceLimits = {
  /**
   * Hourly prices of the advert the user chose (signed by the provider); the offer may not
   * quote above the rate they give for its size. Without an advert, the provider's listed
   * prices the user was shown.
   */
  listedPrices?: HourlyPrices | undefined;
  /** The most the user pays per hour for this VM (base units), e.g. `--max-price`. */
  maxPricePerHour?: bigint | undefined;
};

/** Result of {@link checkOfferPrice}. */
export type CheckOfferPriceReturnType = {
  /** The rate the listed prices give for the offer's size (base units per second), when known. */
  listedRatePerSecond: bigint | undefined;
};

/**
 * Checks an offer's price before any money moves: its rate is at most what the listed prices
 * give for its size (both sides compute it with `ratePerSecond`, so they agree to the wei; a
 * lower rate is fine), at most `maxPricePerHour` (rounded up to whole base units per second, the
 * only tolerance), and its minimum runway at most {@link maxOfferMinRunwaySeconds}. Fails with
 * `OFFER_ABOVE_ADVERT`, `OFFER_ABOVE_MAX_PRICE` or `OFFER_RUNWAY_TOO_LONG`.
 *
 * @example
 * const { listedRatePerSecond } = checkOfferPrice(signed.offer, { listedPrices: advert.prices });
 */
export function checkOfferPrice(offer: Offer, limits: OfferPriceLimits): CheckOfferPriceReturnType {
  const rate = offer.ratePerSecond;
  const listed = limits.listedPrices && ratePerSecond(limits.listedPrices, offer.resources);
  if (listed !== undefined && rate > listed) {
    throw new GolemError(
      "OFFER_ABOVE_ADVERT",
      `the offer asks ${rate} base units per second, the advert's prices give ${listed} for this size; nothing was paid`,
      {
        details: {
          offerRatePerSecond: rate.toString(),
          advertRatePerSecond: listed.toString(),
          provider: offer.provider,
        },
      },
    );
  }
  if (limits.maxPricePerHour !== undefined) {
    const most = (limits.maxPricePerHour + 3599n) / 3600n;
    if (rate > most) {
      throw new GolemError(
        "OFFER_ABOVE_MAX_PRICE",
        `the offer asks ${rate * 3600n} base units per hour, above the most you set (${limits.maxPricePerHour}); nothing was paid`,
        {
          details: {
            offerRatePerSecond: rate.toString(),
            maxPricePerHour: limits.maxPricePerHour.toString(),
          },
        },
      );
    }
  }
  if (offer.minRunwaySeconds > maxOfferMinRunwaySeconds) {
    throw new GolemError(
      "OFFER_RUNWAY_TOO_LONG",
      `the offer wants ${offer.minRunwaySeconds} s of runway paid up front, more than the ${maxOfferMinRunwaySeconds} s this client pays; nothing was paid`,
      {
        details: {
          minRunwaySeconds: offer.minRunwaySeconds,
          maxMinRunwaySeconds: maxOfferMinRunwaySeconds,
        },
      },
    );
  }
  return { listedRatePerSecond: listed };
}
