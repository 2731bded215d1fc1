import { describe, expect, it } from "vitest";
import { checkPublishAgainstAdvert, parsePublishFlags, publishedText } from "./publish-ports.ts";

describe("parsePublishFlags", () => {
  it("turns the repeated flag into sorted ports", () => {
    expect(parsePublishFlags(["443", "80"])).toEqual([80, 443]);
    expect(parsePublishFlags(undefined)).toEqual([]);
  });

  it.each([["http"], ["-1"], ["70000"], ["22"]])(
    "refuses --publish %s naming the flag",
    (value) => {
      expect(() => parsePublishFlags([value])).toThrow(
        expect.objectContaining({
          code: "VALIDATION_FAILED",
          details: expect.objectContaining({ field: "--publish" }),
        }),
      );
    },
  );

  it("refuses a port given twice", () => {
    expect(() => parsePublishFlags(["80", "80"])).toThrow(/asked twice: 80/);
  });
});

describe("checkPublishAgainstAdvert", () => {
  it("passes within the advert's limit and refuses beyond it with the limit", () => {
    expect(() => checkPublishAgainstAdvert([80, 443], { maxPublishedPorts: 2 })).not.toThrow();
    expect(() => checkPublishAgainstAdvert([80, 443], { maxPublishedPorts: 1 })).toThrow(
      expect.objectContaining({
        code: "PORTS_LIMIT_EXCEEDED",
        message: "2 published ports asked, this provider allows at most 1 per VM",
        details: { field: "--publish", asked: 2, limit: 1 },
      }),
    );
  });

  it("refuses to publish without an advert, and needs none for no ports", () => {
    expect(() => checkPublishAgainstAdvert([], undefined)).not.toThrow();
    expect(() => checkPublishAgainstAdvert([80], undefined)).toThrow(
      expect.objectContaining({ code: "PORTS_LIMIT_EXCEEDED" }),
    );
  });
});

it("publishedText shows each guest port's public address", () => {
  expect(publishedText("192.0.2.10", [{ guestPort: 80, port: 22801 }])).toBe(
    "80 → 192.0.2.10:22801",
  );
  expect(publishedText("h", [])).toBeUndefined();
});
