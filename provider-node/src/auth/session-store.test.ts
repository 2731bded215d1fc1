import { expect, test } from "vitest";
import { openDatabase } from "../state/open-database.ts";
import { createSessionStore } from "./session-store.ts";

test("stores only the token's hash, and expires sessions", () => {
  let now = 1_000_000;
  const db = openDatabase(":memory:");
  const sessions = createSessionStore(db, () => now);
  const session = sessions.create("0xAbC0000000000000000000000000000000000001", 60);
  expect(session.token).toMatch(/^[0-9a-f]{64}$/);
  expect(session.address).toBe("0xabc0000000000000000000000000000000000001");
  expect(sessions.lookup(session.token)).toEqual({
    ok: true,
    address: session.address,
    expiresAt: 1_060_000,
  });
  const stored = db.prepare("SELECT token_hash FROM sessions").all();
  expect(JSON.stringify(stored)).not.toContain(session.token);
  expect(sessions.lookup("f".repeat(64))).toEqual({ ok: false, reason: "unknown" });
  now += 60_000;
  expect(sessions.lookup(session.token)).toEqual({ ok: false, reason: "expired" });
  sessions.revoke(session.token);
  expect(sessions.lookup(session.token)).toEqual({ ok: false, reason: "unknown" });
});
