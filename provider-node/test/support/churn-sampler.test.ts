import { expect, test } from "vitest";
import { fitSlope } from "./churn-sampler.ts";

test("fitSlope finds the line through exact points, with no error", () => {
  const fit = fitSlope([0, 4, 8, 12].map((x) => [x, 2 * x + 51] as const));
  expect(fit.slope).toBeCloseTo(2);
  expect(fit.intercept).toBeCloseTo(51);
  expect(fit.standardError).toBeCloseTo(0);
});

test("fitSlope on flat noise: slope near zero, within three standard errors", () => {
  const noise = [0, 3, -2, 1, -3, 2, 0, -1, 2, -2];
  const fit = fitSlope(noise.map((y, i) => [i * 4, 100 + y] as const));
  expect(Math.abs(fit.slope)).toBeLessThan(3 * fit.standardError + 1e-9);
  expect(fit.standardError).toBeGreaterThan(0);
});

test("fitSlope of one x value has no slope rather than NaN", () => {
  expect(fitSlope([[4, 1] as const, [4, 3] as const])).toMatchObject({
    slope: 0,
    standardError: 0,
  });
});
