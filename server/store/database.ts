import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, PostgresDialect, type SqliteDatabase, SqliteDialect } from "kysely";
import pg from "pg";
import { stormTrace } from "../shared/storm-trace.js";
import { ChangeWatch, watchedDialect } from "./change-watch.js";
import { migrateToLatest } from "./migrations/index.js";
import { PreparingClient } from "./prepared.js";
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
  /** what opened it: another thread opens its own connection to the same data from this */
  url: string;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** Postgres connections at most (10): a sweep's thread needs only a couple */
  poolMax?: number;
  /**
   * SQLite only: a connection that only reads (a sweep thread's) beside the server's, which
   * migrated the file and writes it. In WAL mode it reads while the server writes and never
   * takes the write lock, so the server's transactions never wait for it.
   */
  readOnly?: boolean;
  /**
   * Postgres only: statements run without parallel workers (`max_parallel_workers_per_gather`
   * 0). For the sweep thread: its statements are many and short, over a chunk's viewers, and
   * each parallel worker Postgres starts for one is another process on the cores the beats need
   * (a chunk's stale-plan check started two, for a statement of 20 ms).
   */
  serialStatements?: boolean;
}

/** What services/join-state.ts keeps per room and per shop (signing keys too), read from these tables. */
const JOIN_STATE_TABLES = new Set([
  "shops",
  "rooms",
  "campaigns",
  "products",
  "room_products",
  "signing_keys",
  // the room's live part: its offer, the exchange catalogue, the running experiment, the stage
  "offers",
  "coupon_templates",
  "experiments",
  "stage_spots",
]);

/**
 * Under STORM_TRACE, every statement is counted (bench/storm.ts prints them per claim batch).
 * Otherwise SLOW_SQL_MS=n prints every statement that took n ms or more to stderr, with the
 * start of its text: how a plan that walks a whole shop shows itself before a profile is taken.
 */
const slowMs = Number(process.env.SLOW_SQL_MS ?? 0);
const slowStatements = (event: { queryDurationMillis: number; query: { sql: string } }) => {
  if (event.queryDurationMillis < slowMs) return;
  const text = event.query.sql.replace(/\s+/g, " ").slice(0, 160);
  console.error(`slow statement ${event.queryDurationMillis.toFixed(1)} ms: ${text}`);
};
const traced = stormTrace.enabled ? { log: () => stormTrace.statement() } : slowMs > 0 ? { log: slowStatements } : {};

export const DEFAULT_DB_PATH = "./data/encore.db";

/** The write-ahead log's size on the disk once it starts over (bytes). */
export const WAL_SIZE_LIMIT = 64 * 1024 * 1024;

export const isPostgresUrl = (url: string) => /^postgres(ql)?:\/\//.test(url);

// int8 arrives from pg as a string to protect values beyond 2^53. Ours are cents, points and
// epoch milliseconds, far below that, and the repositories expect numbers on both dialects.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/**
 * Opens the store named by `url` and brings its schema up to date: a file path (or
 * `:memory:`) for SQLite, a `postgres://` URL for Postgres. Both run the same migrations and
 * the same repositories.
 */
export async function openStore(url: string = DEFAULT_DB_PATH, options: StoreOptions = {}): Promise<Store> {
  if (isPostgresUrl(url)) return openPostgres(url, options.poolMax ?? 10, options.serialStatements ?? false);
  if (options.readOnly) return openSqliteReader(url);
  if (url !== ":memory:") mkdirSync(dirname(url), { recursive: true });
  const sqlite = new SQLite(url);
  sqlite.pragma("journal_mode = WAL");
  // WAL with NORMAL sync survives a process crash; only power loss may drop the last commits.
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  // a log that started over is cut back to this at its first commit: what a sweep or an import
  // wrote does not stay on the disk as a log of gigabytes
  sqlite.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT}`);
  const changes = new ChangeWatch(JOIN_STATE_TABLES);
  const db = new Kysely<Database>({
    dialect: watchedDialect(new SqliteDialect({ database: immediateWrites(preparedOnce(sqlite)) }), changes),
    ...traced,
  });
  await migrateToLatest(db as Kysely<unknown>, "sqlite");
  return {
    db,
    dialect: "sqlite",
    native: { dialect: "sqlite", database: sqlite },
    changes,
    url,
    close: () => db.destroy(),
  };
}

function openSqliteReader(url: string): Store {
  const sqlite = new SQLite(url, { readonly: true, fileMustExist: true });
  sqlite.pragma("busy_timeout = 5000");
  const changes = new ChangeWatch(JOIN_STATE_TABLES);
  const db = new Kysely<Database>({
    dialect: watchedDialect(new SqliteDialect({ database: preparedOnce(sqlite) }), changes),
  });
  return {
    db,
    dialect: "sqlite",
    native: { dialect: "sqlite", database: sqlite },
    changes,
    url,
    close: () => db.destroy(),
  };
}

async function openPostgres(url: string, max: number, serial: boolean): Promise<Store> {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    // marked statements go named, prepared once per connection (prepared.ts)
    Client: PreparingClient,
    ...(serial ? { options: "-c max_parallel_workers_per_gather=0" } : {}),
  });
  // An idle connection that the server drops (restart, failover, admin kill) must not crash the
  // process; the pool replaces it on the next checkout.
  pool.on("error", () => {});
  const changes = new ChangeWatch(JOIN_STATE_TABLES);
  const db = new Kysely<Database>({ dialect: watchedDialect(new PostgresDialect({ pool }), changes), ...traced });
  await migrateToLatest(db as Kysely<unknown>, "postgres");
  return { db, dialect: "postgres", native: { dialect: "postgres", pool }, changes, url, close: () => db.destroy() };
}

/**
 * Transactions that take the write lock when they begin. The server and its sweep thread each
 * hold a connection to the same file; a deferred transaction that read first and then writes,
 * while the other connection writes, fails at once with SQLITE_BUSY (SQLite does not wait to
 * upgrade a read into a write: it could deadlock). Taken at the start, the lock is waited for
 * under the busy timeout instead, for as long as the other side's short transaction lasts.
 */
function immediateWrites(database: SqliteDatabase): SqliteDatabase {
  return {
    close: () => database.close(),
    prepare: (sql) => database.prepare(/^begin$/i.test(sql) ? "begin immediate" : sql),
  };
}
