import { CompiledQuery } from "kysely";
import type { Dialect } from "./database.js";
import type { Executor } from "./executor.js";

/**
 * A statement whose text never changes, written once with `?` placeholders and run through
 * Kysely's connection (its transactions and connection rules hold) without being built and
 * compiled at every call: for the few reads every join makes, where Kysely's building cost as
 * much as the database's work. Keep them to plain SQL both databases read alike.
 */
export function fixedSql<Row>(
  text: string,
): (db: Executor, dialect: Dialect, params: readonly unknown[]) => Promise<Row[]> {
  let n = 0;
  const texts: Record<Dialect, string> = { sqlite: text, postgres: text.replace(/\?/g, () => `$${++n}`) };
  return async (db, dialect, params) =>
    (await db.executeQuery<Row>(CompiledQuery.raw(texts[dialect], [...params]))).rows;
}
