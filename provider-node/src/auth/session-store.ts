import { createHash, randomBytes } from "node:crypto";
import type { DatabaseSync } from "node:sqlite";
import type { Address } from "viem";

/** A session as its holder sees it. */
export type Session = {
  /** Bearer token: 32 random bytes, hex. Only its SHA-256 is stored. */
  token: string;
  /** Lowercase address the session speaks for. */
  address: Address;
  /** Unix time in ms. */
  expiresAt: number;
};

/** What a token lookup found. */
export type SessionLookup =
  | { ok: true; address: Address; expiresAt: number }
  | { ok: false; reason: "unknown" | "expired" };

const hashOf = (token: string) => createHash("sha256").update(token).digest("hex");

/**
 * Session tokens after a SIWE sign-in. The database holds only each token's SHA-256, so a
 * copy of it cannot be used to sign in.
 *
 * @example
 * const session = sessions.create(address, 3600);
 * sessions.lookup(session.token); // { ok: true, address, expiresAt }
 */
export function createSessionStore(db: DatabaseSync, now: () => number = Date.now) {
  const insert = db.prepare(
    "INSERT INTO sessions (token_hash, address, created_at, expires_at) VALUES (?, ?, ?, ?)",
  );
  const select = db.prepare("SELECT address, expires_at FROM sessions WHERE token_hash = ?");
  const purge = db.prepare("DELETE FROM sessions WHERE expires_at < ?");
  const remove = db.prepare("DELETE FROM sessions WHERE token_hash = ?");

  return {
    /** Starts a session for `address` lasting `ttlSeconds`. */
    create(address: Address, ttlSeconds: number): Session {
      const at = now();
      // Expired sessions stay a day so a late request hears "expired", not "unknown".
      purge.run(at - 86_400_000);
      const token = randomBytes(32).toString("hex");
      const expiresAt = at + ttlSeconds * 1000;
      const lower = address.toLowerCase() as Address;
      insert.run(hashOf(token), lower, at, expiresAt);
      return { token, address: lower, expiresAt };
    },
    /** The session of `token`, or why there is none. */
    lookup(token: string): SessionLookup {
      const row = select.get(hashOf(token)) as { address: string; expires_at: number } | undefined;
      if (!row) return { ok: false, reason: "unknown" };
      if (row.expires_at <= now()) return { ok: false, reason: "expired" };
      return { ok: true, address: row.address as Address, expiresAt: row.expires_at };
    },
    /** Ends a session (sign-out). */
    revoke(token: string): void {
      remove.run(hashOf(token));
    },
  };
}

/** The store returned by {@link createSessionStore}. */
export type SessionStore = ReturnType<typeof createSessionStore>;
