import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { golemRejection } from "../errors/golem-rejection.ts";
import { parseTokenAmount } from "./parse-token-amount.ts";

describe("parseTokenAmount", () => {
  it("reads decimal amounts exactly", () => {
    expect(parseTokenAmount("0.5", 18, "--glm")).toBe(5n * 10n ** 17n);
    expect(parseTokenAmount(" 25 ", 18, "--glm")).toBe(25n * 10n ** 18n);
    expect(parseTokenAmount("0.1", 18, "--glm")).toBe(10n ** 17n);
  });

  it("refuses negatives, exponents, junk and too many decimals with VALIDATION_FAILED", async () => {
    for (const bad of ["-1", "abc", "1e3", "0.1234567", "", "1.", ".5"]) {
      const error = await golemRejection(
        Promise.resolve().then(() => parseTokenAmount(bad, 6, "--glm")),
      );
      expect(error.code).toBe("VALIDATION_FAILED");
      expect(error.details).toEqual({ field: "--glm", value: bad });
      expect(error.hints).toEqual(["pass e.g. --glm 2.5 (at most 6 decimals)"]);
    }
  });

  it("property: whole and fraction digits land in the right base units", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.bigInt({ min: 0n, max: 10n ** 18n - 1n }),
        (whole, fraction) => {
          const text = `${whole}.${fraction.toString().padStart(18, "0")}`;
          expect(parseTokenAmount(text, 18, "x")).toBe(whole * 10n ** 18n + fraction);
        },
      ),
    );
  });
});
