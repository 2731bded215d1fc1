import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { migrations } from "./migrations.ts";
import { inTransaction } from "./transaction.ts";

/** Options of {@link openDatabase}. */
export type OpenDatabaseOptions = {
  /** How long a statement waits for another connection's lock (ms, default 5000). */
  busyTimeoutMs?: number;
};

/**
 * Opens (creating if needed) the node's SQLite database at `path` (`:memory:` for tests):
 * WAL journal, a busy timeout, foreign keys on, and every pending migration applied in
 * its own transaction.
 *
 * @example const db = openDatabase(join(config.dataDir, "provider.db"));
 */
export function openDatabase(path: string, options: OpenDatabaseOptions = {}): DatabaseSync {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const db = new DatabaseSync(path, { timeout: options.busyTimeoutMs ?? 5000 });
  try {
    db.exec("PRAGMA journal_mode = WAL");
    db.exec("PRAGMA synchronous = NORMAL");
    db.exec("PRAGMA foreign_keys = ON");
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/** The schema version a database is at (`PRAGMA user_version`). */
export function schemaVersion(db: DatabaseSync): number {
  const row = db.prepare("PRAGMA user_version").get() as { user_version: number };
  return row.user_version;
}

function migrate(db: DatabaseSync): void {
  const current = schemaVersion(db);
  if (current > migrations.length) {
    throw new Error(
      `the database is at schema version ${current}, newer than this node knows (${migrations.length}); upgrade golem-provider`,
    );
  }
  for (let version = current; version < migrations.length; version++) {
    inTransaction(db, () => {
      db.exec(migrations[version] as string);
      db.exec(`PRAGMA user_version = ${version + 1}`);
    });
  }
}
