import { describe, expect, test } from "vitest";
import { shortRunwayWarning } from "./runway-warning.ts";

describe("shortRunwayWarning", () => {
  test("a deposit under a day without a budget warns, naming --auto-topup-hours", () => {
    const text = shortRunwayWarning({ name: "web-1", hours: 2, autoTopUpHours: 0 });
    expect(text).toMatch(/^warning: "web-1" is paid for 2 h and its stream has no top-up budget/);
    expect(text).toMatch(
      /hint: give it a budget now with `golem vm stream budget web-1 --hours 24`/,
    );
    expect(text).toMatch(/hint: next time add --auto-topup-hours 24/);
  });

  test("a native-ETH stream (no budgets there) is told to top up instead", () => {
    const text = shortRunwayWarning({ name: "web-1", hours: 2, autoTopUpHours: 0, pay: "eth" });
    expect(text).toMatch(/^warning: "web-1" is paid for 2 h in ETH/);
    expect(text).toMatch(/hint: top it up with `golem vm stream topup web-1 --hours 24`/);
    expect(text).not.toMatch(/auto-topup-hours/);
  });

  test("a budget, a day or more, or an existing stream: no warning", () => {
    expect(shortRunwayWarning({ name: "a", hours: 2, autoTopUpHours: 6 })).toBeUndefined();
    expect(shortRunwayWarning({ name: "a", hours: 24, autoTopUpHours: 0 })).toBeUndefined();
    expect(shortRunwayWarning({ name: "a", hours: undefined, autoTopUpHours: 0 })).toBeUndefined();
  });
});
