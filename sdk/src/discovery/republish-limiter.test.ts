import { describe, expect, it } from "vitest";
import { createRepublishLimiter } from "./republish-limiter.ts";

describe("createRepublishLimiter", () => {
  it("lets one advert per provider through per interval and calls a second early one a flood", () => {
    let clock = 1_000_000;
    const limiter = createRepublishLimiter({ minIntervalMs: 5000, now: () => clock });
    const first = limiter.reserve("0xA", "relay");
    expect(first.kind).toBe("go");
    if (first.kind === "go") first.commit(1);
    expect(limiter.relayedSequence("0xa")).toBe(1);
    clock += 1000;
    expect(limiter.reserve("0xA", "relay").kind).toBe("early"); // jitter: allowed once
    expect(limiter.reserve("0xA", "other").kind).toBe("early"); // per peer
    expect(limiter.reserve("0xA", "relay").kind).toBe("flood");
    expect(limiter.reserve("0xB", "relay").kind).toBe("go"); // per provider
    clock += 4000;
    const next = limiter.reserve("0xA", "relay");
    expect(next.kind).toBe("go");
    if (next.kind === "go") next.commit(2);
    clock += 100;
    expect(limiter.reserve("0xA", "relay").kind).toBe("early"); // a new interval, a new allowance
  });

  it("holds a provider's slot while one of its adverts is checked and gives it back when refused", () => {
    let clock = 0;
    const limiter = createRepublishLimiter({ minIntervalMs: 5000, now: () => clock });
    const forged = limiter.reserve("0xA", "attacker");
    expect(limiter.reserve("0xA", "relay").kind).toBe("busy"); // nobody blamed
    if (forged.kind === "go") forged.release();
    expect(limiter.relayedSequence("0xA")).toBeUndefined();
    const honest = limiter.reserve("0xA", "relay");
    expect(honest.kind).toBe("go");
    if (honest.kind === "go") honest.commit(7);
    clock += 5000;
    const again = limiter.reserve("0xA", "relay");
    if (again.kind === "go") again.release();
    expect(limiter.relayedSequence("0xA")).toBe(7); // a refused later advert does not undo a relay
  });
});
