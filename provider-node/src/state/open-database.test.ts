import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, test } from "vitest";
import { migrations } from "./migrations.ts";
import { openDatabase, schemaVersion } from "./open-database.ts";
import { inTransaction } from "./transaction.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "provider-db-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

test("opens a file database in WAL mode with foreign keys and the latest schema", () => {
  const db = openDatabase(join(dir, "nested", "provider.db"));
  expect(db.prepare("PRAGMA journal_mode").get()).toEqual({ journal_mode: "wal" });
  expect(db.prepare("PRAGMA foreign_keys").get()).toEqual({ foreign_keys: 1 });
  expect(schemaVersion(db)).toBe(migrations.length);
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .all()
    .map((r) => r.name);
  expect(tables).toEqual([
    "budget_top_ups",
    "create_steps",
    "nonces",
    "offers",
    "payment_pauses",
    "ports",
    "sessions",
    "vms",
  ]);
  db.close();
});

test("reopening runs no migration twice and keeps the data", () => {
  const path = join(dir, "provider.db");
  const first = openDatabase(path);
  first.prepare("INSERT INTO nonces (nonce, created_at, expires_at) VALUES ('n', 1, 2)").run();
  first.close();
  const second = openDatabase(path);
  expect(schemaVersion(second)).toBe(migrations.length);
  expect(second.prepare("SELECT count(*) AS n FROM nonces").get()).toEqual({ n: 1 });
  second.close();
});

test("refuses a database from a newer node", () => {
  const path = join(dir, "provider.db");
  const db = openDatabase(path);
  db.exec(`PRAGMA user_version = ${migrations.length + 1}`);
  db.close();
  expect(() => openDatabase(path)).toThrow(/newer than this node knows/);
});

test("inTransaction rolls back everything when the function throws", () => {
  const db = openDatabase(":memory:");
  expect(() =>
    inTransaction(db, () => {
      db.prepare("INSERT INTO nonces (nonce, created_at, expires_at) VALUES ('a', 1, 2)").run();
      throw new Error("boom");
    }),
  ).toThrow("boom");
  expect(db.prepare("SELECT count(*) AS n FROM nonces").get()).toEqual({ n: 0 });
  expect(db.isTransaction).toBe(false);
});
