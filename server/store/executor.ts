import type { Kysely, SelectQueryBuilder, Transaction } from "kysely";
import type { Dialect } from "./database.js";
import type { Database } from "./schema.js";

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
