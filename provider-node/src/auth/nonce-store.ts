import { randomBytes } from "node:crypto";
import type { DatabaseSync } from "node:sqlite";

/** Why a nonce was refused. */
export type NonceRefusal = "unknown" | "used" | "expired";

/**
 * Sign-in nonces: issued with a lifetime, accepted once. Kept in the database so a nonce
 * issued before a restart still works after it, and a used one never works again.
 *
 * @example
 * const { nonce } = nonces.issue(300);
 * nonces.consume(nonce); // undefined: accepted
 */
export function createNonceStore(db: DatabaseSync, now: () => number = Date.now) {
  const insert = db.prepare("INSERT INTO nonces (nonce, created_at, expires_at) VALUES (?, ?, ?)");
  const select = db.prepare("SELECT expires_at, used_at FROM nonces WHERE nonce = ?");
  const markUsed = db.prepare("UPDATE nonces SET used_at = ? WHERE nonce = ? AND used_at IS NULL");
  // Used nonces are kept a day past expiry, long after any message naming them is stale.
  const purge = db.prepare("DELETE FROM nonces WHERE expires_at < ?");

  return {
    /** A new nonce valid for `ttlSeconds`: 128 bits from the CSPRNG as 32 hex digits (EIP-4361: alphanumeric). */
    issue(ttlSeconds: number): { nonce: string; expiresAt: number } {
      const at = now();
      purge.run(at - 86_400_000);
      // Not viem's generateSiweNonce: it slides a window over Math.random output, so one
      // nonce reveals most of the next.
      const nonce = randomBytes(16).toString("hex");
      const expiresAt = at + ttlSeconds * 1000;
      insert.run(nonce, at, expiresAt);
      return { nonce, expiresAt };
    },
    /** Marks `nonce` used; returns why it cannot be used, or undefined when it was accepted. */
    consume(nonce: string): NonceRefusal | undefined {
      const row = select.get(nonce) as { expires_at: number; used_at: number | null } | undefined;
      if (!row) return "unknown";
      if (row.used_at !== null) return "used";
      if (row.expires_at <= now()) return "expired";
      // The guarded update makes two racing sign-ins with one nonce accept only one.
      return markUsed.run(now(), nonce).changes === 1 ? undefined : "used";
    },
  };
}

/** The store returned by {@link createNonceStore}. */
export type NonceStore = ReturnType<typeof createNonceStore>;
