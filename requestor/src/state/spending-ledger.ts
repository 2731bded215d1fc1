import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";

/** One payment the local API made (or was about to make) from the payment key. */
export type SpendEntry = {
  /** UTC day, `YYYY-MM-DD`. */
  day: string;
  /** Token base units. */
  amount: bigint;
  /** What paid: `create web-1`, `topup #7`, `auto top-up #7`. */
  purpose: string;
  /** Unix milliseconds. */
  at: number;
};

/** Why {@link SpendingLedger.reserve} refused. */
export type SpendRefusal = { limit: "request" | "day"; spentToday: bigint };

/** The spending record of `golem server api`; see {@link openSpendingLedger}. */
export type SpendingLedger = {
  /** Base units spent on a UTC day (`YYYY-MM-DD`). */
  spentOn(day: string): bigint;
  /**
   * Records `entry` when it fits both caps, in one write transaction (so two servers on one
   * home cannot both take the last of a day's cap); otherwise records nothing and says why.
   */
  reserve(
    entry: SpendEntry,
    caps: { perRequest: bigint; perDay: bigint },
  ): SpendRefusal | undefined;
  close(): void;
};

/** The UTC day of a unix-ms time, `YYYY-MM-DD`. */
export const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Opens the spending table of `<home>/requestor.db`: what the local API paid per UTC day, so
 * a restart keeps the day's total. A reservation is kept even if the payment then fails: the
 * cap errs on the side of refusing.
 *
 * @example
 * const ledger = openSpendingLedger(home);
 * const refused = ledger.reserve({ day: utcDay(Date.now()), amount, purpose, at: Date.now() }, caps);
 */
export function openSpendingLedger(home: string, fileName = "requestor.db"): SpendingLedger {
  const db = new DatabaseSync(join(home, fileName));
  db.exec("PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL;");
  db.exec(`CREATE TABLE IF NOT EXISTS server_spending (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    day TEXT NOT NULL,
    amount TEXT NOT NULL,
    purpose TEXT NOT NULL,
    at INTEGER NOT NULL
  );
  CREATE INDEX IF NOT EXISTS server_spending_day ON server_spending (day);`);
  const amounts = db.prepare("SELECT amount FROM server_spending WHERE day = ?");
  const insert = db.prepare(
    "INSERT INTO server_spending (day, amount, purpose, at) VALUES (:day, :amount, :purpose, :at)",
  );
  const spentOn = (day: string) =>
    (amounts.all(day) as { amount: string }[]).reduce((sum, row) => sum + BigInt(row.amount), 0n);
  return {
    spentOn,
    reserve(entry, caps) {
      db.exec("BEGIN IMMEDIATE");
      try {
        const spentToday = spentOn(entry.day);
        const refusal: SpendRefusal | undefined =
          entry.amount > caps.perRequest
            ? { limit: "request", spentToday }
            : spentToday + entry.amount > caps.perDay
              ? { limit: "day", spentToday }
              : undefined;
        if (refusal === undefined) insert.run({ ...entry, amount: entry.amount.toString() });
        db.exec("COMMIT");
        return refusal;
      } catch (error) {
        db.exec("ROLLBACK");
        throw error;
      }
    },
    close: () => db.close(),
  };
}
