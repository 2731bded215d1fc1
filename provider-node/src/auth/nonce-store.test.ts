import { parseSiweMessage } from "viem/siwe";
import { expect, test } from "vitest";
import { randomAccount, signSiwe } from "../../test/support/siwe.ts";
import { openDatabase } from "../state/open-database.ts";
import { createNonceStore } from "./nonce-store.ts";

/** The longest run of characters `a` and `b` share anywhere (dynamic programming). */
function longestSharedRun(a: string, b: string): number {
  let best = 0;
  let previous = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const row = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) {
      if (a[i - 1] === b[j - 1]) {
        row[j] = (previous[j - 1] ?? 0) + 1;
        best = Math.max(best, row[j] ?? 0);
      }
    }
    previous = row;
  }
  return best;
}

test("predicting the next sign-in nonce from the last one fails: nonces are 128 random bits, unrelated", () => {
  const nonces = createNonceStore(openDatabase(":memory:"));
  const issued = Array.from({ length: 2000 }, () => nonces.issue(300).nonce);
  expect(new Set(issued).size).toBe(issued.length);
  let longest = 0;
  for (let i = 1; i < issued.length; i++) {
    longest = Math.max(longest, longestSharedRun(issued[i - 1] ?? "", issued[i] ?? ""));
  }
  // Two independent 32-digit hex strings share a run of 10 with odds far below 1e-6.
  expect(longest).toBeLessThan(10);
  for (const nonce of issued) {
    // EIP-4361: at least 8 alphanumeric characters; 32 hex digits carry 128 bits.
    expect(nonce).toMatch(/^[0-9a-f]{32}$/);
  }
});

test("an issued nonce round-trips through a SIWE message and is accepted once", async () => {
  const nonces = createNonceStore(openDatabase(":memory:"));
  const { nonce } = nonces.issue(300);
  const { message } = await signSiwe({
    account: randomAccount(),
    domain: "provider.test:7466",
    nonce,
    chainId: 31_337,
  });
  expect(parseSiweMessage(message).nonce).toBe(nonce);
  expect(nonces.consume(nonce)).toBeUndefined();
  expect(nonces.consume(nonce)).toBe("used");
});
