import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import { migrateToLatest } from "./migrations.js";
import type { Database } from "./schema.js";

export type Dialect = "sqlite" | "postgres";

export interface Store {
  db: Kysely<Database>;
  dialect: Dialect;
  close(): Promise<void>;
}

export const DEFAULT_DB_PATH = "./data/encore.db";

/**
 * Opens the store named by `url` and brings its schema up to date: a file path (or
 * `:memory:`) for SQLite, a `postgres://` URL for Postgres.
 */
export async function openStore(url: string = DEFAULT_DB_PATH): Promise<Store> {
  if (/^postgres(ql)?:\/\//.test(url)) {
    throw new Error("the Postgres store is not part of this build yet; use a SQLite file path");
  }
  if (url !== ":memory:") mkdirSync(dirname(url), { recursive: true });
  const sqlite = new SQLite(url);
  sqlite.pragma("journal_mode = WAL");
  // WAL with NORMAL sync survives a process crash; only power loss may drop the last commits.
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  await migrateToLatest(db as Kysely<unknown>, "sqlite");
  return { db, dialect: "sqlite", close: () => db.destroy() };
}
