import { type Kysely, type RawBuilder, type SelectQueryBuilder, type SqlBool, sql, type Transaction } from "kysely";
import type { Dialect } from "./database.js";
import type { Database } from "./schema.js";
import { dialectOf } from "./together.js";

/** Repositories take either the database or an open transaction, so callers choose the unit of work. */
export type Executor = Kysely<Database> | Transaction<Database>;

/**
 * Row locks for read-modify-write inside a transaction. SQLite already serialises writers
 * (one connection, one transaction at a time) and has no FOR UPDATE; Postgres needs it.
 */
export function lockRows<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  dialect: Dialect,
): SelectQueryBuilder<DB, TB, O> {
  return dialect === "postgres" ? query.forUpdate() : query;
}

/** A unique index refused a row: on Postgres, another transaction committed the same key first. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "23505" || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}

/**
 * A transaction for an idempotent request (an order id, a redemption), run once more if it lost
 * a race to insert the same key: two first requests at once both find nothing, one commits, and
 * the other's retry finds the committed row and answers as a replay instead of failing.
 */
export async function idempotentTransaction<T>(
  db: Kysely<Database>,
  work: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  try {
    return await db.transaction().execute(work);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return db.transaction().execute(work);
  }
}

/**
 * `column IN (values)` bound as one parameter however many values there are: an array on
 * Postgres, a JSON array read by `json_each` on SQLite. The SQL text stays the same for every
 * number of values (one prepared statement) and no list meets a bound-parameter limit.
 */
export function among(dialect: Dialect, column: string, values: readonly string[]): RawBuilder<SqlBool> {
  return dialect === "postgres"
    ? sql<SqlBool>`${sql.ref(column)} = any(${[...values]})`
    : sql<SqlBool>`${sql.ref(column)} in (select value from json_each(${JSON.stringify(values)}))`;
}

/**
 * `among` on Postgres, where a sweep chunk's reads are prepared (prepared.ts) and a 500-value list
 * is one value to send and parse instead of 500; a plain `in` list on SQLite, whose plans for
 * those reads were measured with lists (lifecycle-plans.test.ts).
 */
export function amongListed(db: Executor, column: string, values: readonly string[]): RawBuilder<SqlBool> {
  return dialectOf(db) === "postgres"
    ? among("postgres", column, values)
    : sql<SqlBool>`${sql.ref(column)} in (${sql.join([...values])})`;
}
