import { describe, expect, it } from "vitest";
import { createRepublishLimiter } from "./republish-limiter.ts";

const advert = (sequence: number, issuedAt: number, provider = "0xA") => ({
  provider,
  sequence,
  issuedAt,
});

describe("createRepublishLimiter", () => {
  it("relays one advert per provider per interval of signed time and calls a second early one a flood", () => {
    let clock = 1_000_000_000;
    const limiter = createRepublishLimiter({ minIntervalSeconds: 5, now: () => clock });
    const first = limiter.reserve(advert(1, 100), "relay"); // signed long ago: its own time counts
    expect(first.kind).toBe("go");
    if (first.kind === "go") first.commit();
    expect(limiter.relayedSequence("0xa")).toBe(1);
    clock += 10_000; // late arrival does not matter: the signed times are 1 s apart
    expect(limiter.reserve(advert(2, 101), "relay").kind).toBe("early"); // allowed once
    expect(limiter.reserve(advert(3, 102), "other").kind).toBe("early"); // per peer
    expect(limiter.reserve(advert(4, 103), "relay").kind).toBe("flood");
    expect(limiter.reserve(advert(1, 100, "0xB"), "relay").kind).toBe("go"); // per provider
    const next = limiter.reserve(advert(5, 105), "relay");
    expect(next.kind).toBe("go");
    if (next.kind === "go") next.commit();
    // Signed ahead of time: counts as its arrival, so a burst of them stays early.
    clock = 1_000_000_000 + 10_000;
    const ahead = limiter.reserve(advert(6, 1_000_000 + 60), "relay");
    expect(ahead.kind).toBe("go");
    if (ahead.kind === "go") ahead.commit();
    clock += 1000;
    expect(limiter.reserve(advert(7, 1_000_000 + 65), "third").kind).toBe("early");
    clock += 5000;
    expect(limiter.reserve(advert(7, 1_000_000 + 65), "third").kind).toBe("go");
  });

  it("relays a copy of the last advert once per interval of arrival, drops older ones, holds a slot while one is checked", () => {
    let clock = 0;
    const limiter = createRepublishLimiter({ minIntervalSeconds: 5, now: () => clock });
    const forged = limiter.reserve(advert(9, 100), "attacker");
    expect(limiter.reserve(advert(2, 100), "relay").kind).toBe("busy"); // nobody blamed
    if (forged.kind === "go") forged.release();
    expect(limiter.relayedSequence("0xA")).toBeUndefined();
    const honest = limiter.reserve(advert(2, 100), "relay");
    if (honest.kind === "go") honest.commit();
    clock += 60_000;
    const copy = limiter.reserve(advert(2, 100), "provider");
    expect(copy.kind).toBe("go");
    if (copy.kind === "go") copy.commit();
    clock += 1000;
    expect(limiter.reserve(advert(2, 100), "provider").kind).toBe("early");
    expect(limiter.reserve(advert(2, 100), "provider").kind).toBe("flood");
    // A copy does not move the signed-time pace of the next change.
    const change = limiter.reserve(advert(3, 105), "provider");
    expect(change.kind).toBe("go");
    if (change.kind === "go") change.release();
    expect(limiter.reserve(advert(1, 90), "relay").kind).toBe("stale");
  });
});
