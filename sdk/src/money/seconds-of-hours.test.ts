import fc from "fast-check";
import { expect, test } from "vitest";
import { secondsOfHours } from "./seconds-of-hours.ts";

test("hours to seconds from the decimal as written, not its binary double", () => {
  expect(4.35 * 3600).toBeLessThan(15_660); // the float way loses a second
  expect(secondsOfHours(4.35, "down")).toBe(15_660n);
  expect(1.1 * 3600).toBeGreaterThan(3960); // and rounding up gains one
  expect(secondsOfHours(1.1, "up")).toBe(3960n);
  expect(secondsOfHours("1.5", "down")).toBe(5400n);
  expect(secondsOfHours(2, "up")).toBe(7200n);
  expect(secondsOfHours("0.0001", "down")).toBe(0n);
  expect(secondsOfHours("0.0001", "up")).toBe(1n);
  expect(() => secondsOfHours(-1, "up")).toThrow(/not a decimal number/);
});

test("property: whole milli-hours are exact, and up is down or one more", () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 10_000_000 }), (milli) => {
      const text = `${Math.floor(milli / 1000)}.${String(milli % 1000).padStart(3, "0")}`;
      const down = secondsOfHours(text, "down");
      expect(down).toBe((BigInt(milli) * 3600n) / 1000n);
      const up = secondsOfHours(text, "up");
      expect(up - down).toBe((BigInt(milli) * 3600n) % 1000n === 0n ? 0n : 1n);
    }),
  );
});
