import { GolemError } from "@vm-on-golem/sdk/errors";
import { describe, expect, it } from "vitest";
import {
  priceComparison,
  quoteProblem,
  streamLeftOpen,
  uncheckedPriceProblem,
} from "./quote-checks.ts";

const base = {
  deposit: 100n,
  seconds: 4000n,
  minRunwaySeconds: 3600,
  balance: 100n,
  payer: "0xme",
  providerId: "0xp",
  glm: (v: bigint) => `${v} tGLM`,
};

describe("quoteProblem", () => {
  it("accepts a funded quote with enough runway", () => {
    expect(quoteProblem(base)).toBeUndefined();
  });
  it("refuses a deposit above the balance", () => {
    expect(quoteProblem({ ...base, balance: 99n })?.toJSON().error).toMatchObject({
      code: "INSUFFICIENT_FUNDS",
      message: "the deposit is 100 tGLM but 0xme holds 99 tGLM",
    });
  });
  it("refuses a runway that would run short of the minimum + margin, naming enough hours", () => {
    const error = quoteProblem({ ...base, seconds: 3800n });
    expect(error?.code).toBe("VALIDATION_FAILED");
    expect(error?.hints).toEqual(["pass --hours 1.1 or more"]);
  });
});

describe("streamLeftOpen", () => {
  it("keeps the code and adds how to retry on the open stream", () => {
    const error = streamLeftOpen(
      new GolemError("DRIVER_FAILED", "boom"),
      "web-1",
      "0xp",
    ) as GolemError;
    expect(error.code).toBe("DRIVER_FAILED");
    expect(error.message).toBe("boom (the stream for this VM is open)");
    expect(error.hints[1]).toContain("--stream-id <id>");
  });
});

describe("priceComparison", () => {
  const glm = (v: bigint) => `${v} wei`;
  it("shows the offer beside the signed advert's price for the same size, and --max-price", () => {
    expect(
      priceComparison({ ratePerSecond: 2n, listedRatePerSecond: 3n, maxPricePerHour: 9000n, glm }),
    ).toBe("offer 7200 wei/h, advert 10800 wei/h (signed), --max-price 9000 wei/h");
  });
  it("says when there is no signed advert to compare", () => {
    expect(
      priceComparison({
        ratePerSecond: 2n,
        listedRatePerSecond: undefined,
        maxPricePerHour: undefined,
        glm,
      }),
    ).toBe("offer 7200 wei/h, no signed advert to compare");
  });
});

describe("uncheckedPriceProblem", () => {
  const base = { yes: true, signedAdvert: false, maxPrice: false, providerId: "0xp" };
  it("refuses --yes when neither a signed advert nor --max-price bounds the price", () => {
    const error = uncheckedPriceProblem(base);
    expect(error?.code).toBe("OFFER_PRICE_UNCHECKED");
    expect(error?.hints.join(" ")).toMatch(/--max-price/);
  });
  it("lets it through with an advert, a --max-price, or a person confirming", () => {
    expect(uncheckedPriceProblem({ ...base, signedAdvert: true })).toBeUndefined();
    expect(uncheckedPriceProblem({ ...base, maxPrice: true })).toBeUndefined();
    expect(uncheckedPriceProblem({ ...base, yes: false })).toBeUndefined();
  });
});
