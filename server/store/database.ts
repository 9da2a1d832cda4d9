import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";
import { ChangeWatch, watchedDialect } from "./change-watch.js";
import { migrateToLatest } from "./migrations/index.js";
import type { Database } from "./schema.js";
import { preparedOnce } from "./statement-cache.js";

export type Dialect = "sqlite" | "postgres";

/**
 * The driver under Kysely, for the few jobs the query builder would slow down by its per-query
 * work (a bulk load of millions of rows); repositories never use it.
 */
export type NativeDriver = { dialect: "sqlite"; database: SQLite.Database } | { dialect: "postgres"; pool: pg.Pool };

export interface Store {
  db: Kysely<Database>;
  dialect: Dialect;
  native: NativeDriver;
  /** hears of every committed change to the tables a join reads alike for a whole room */
  changes: ChangeWatch;
  close(): Promise<void>;
}

/** What services/join-state.ts keeps per room and per shop (signing keys too), read from these tables. */
const JOIN_STATE_TABLES = new Set(["shops", "rooms", "campaigns", "products", "room_products", "signing_keys"]);

export const DEFAULT_DB_PATH = "./data/encore.db";

export const isPostgresUrl = (url: string) => /^postgres(ql)?:\/\//.test(url);

// int8 arrives from pg as a string to protect values beyond 2^53. Ours are cents, points and
// epoch milliseconds, far below that, and the repositories expect numbers on both dialects.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/**
 * Opens the store named by `url` and brings its schema up to date: a file path (or
 * `:memory:`) for SQLite, a `postgres://` URL for Postgres. Both run the same migrations and
 * the same repositories.
 */
export async function openStore(url: string = DEFAULT_DB_PATH): Promise<Store> {
  if (isPostgresUrl(url)) return openPostgres(url);
  if (url !== ":memory:") mkdirSync(dirname(url), { recursive: true });
  const sqlite = new SQLite(url);
  sqlite.pragma("journal_mode = WAL");
  // WAL with NORMAL sync survives a process crash; only power loss may drop the last commits.
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  const changes = new ChangeWatch(JOIN_STATE_TABLES);
  const db = new Kysely<Database>({
    dialect: watchedDialect(new SqliteDialect({ database: preparedOnce(sqlite) }), changes),
  });
  await migrateToLatest(db as Kysely<unknown>, "sqlite");
  return { db, dialect: "sqlite", native: { dialect: "sqlite", database: sqlite }, changes, close: () => db.destroy() };
}

async function openPostgres(url: string): Promise<Store> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle connection that the server drops (restart, failover, admin kill) must not crash the
  // process; the pool replaces it on the next checkout.
  pool.on("error", () => {});
  const changes = new ChangeWatch(JOIN_STATE_TABLES);
  const db = new Kysely<Database>({ dialect: watchedDialect(new PostgresDialect({ pool }), changes) });
  await migrateToLatest(db as Kysely<unknown>, "postgres");
  return { db, dialect: "postgres", native: { dialect: "postgres", pool }, changes, close: () => db.destroy() };
}
