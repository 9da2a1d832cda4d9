import { type Compilable, CompiledQuery, type InferResult, PostgresAdapter } from "kysely";
import { tableWrittenBy, writingTo } from "./change-watch.js";
import type { Dialect } from "./database.js";
import type { Executor } from "./executor.js";

/*
 * Statements that do not depend on each other's answers, sent as one. On Postgres every statement
 * is a round trip, and inside a transaction each one waits for a turn of the server's event loop:
 * in a storm of claims, that wait is the claim's latency. So independent reads go out as one
 * SELECT (each read a JSON array column) and independent writes as one statement of
 * data-modifying CTEs. SQLite answers within the call, so there they simply run one after another.
 */

/** Which database an executor talks to, read from the adapter Kysely was built with. */
export function dialectOf(db: Executor): Dialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? "postgres" : "sqlite";
}

type Reads = Record<string, Compilable<unknown>>;
export type ReadResults<R extends Reads> = { [K in keyof R]: InferResult<R[K]> };

/**
 * Runs every read and answers each one's rows under its own name. On Postgres in one statement,
 * with one snapshot: a read that must see what a lock in the same statement waited for belongs in
 * a statement after it. Rows come through JSON there: integers stay numbers, as the store's type
 * parsers make them elsewhere.
 */
export async function readTogether<R extends Reads>(db: Executor, reads: R): Promise<ReadResults<R>> {
  const names = Object.keys(reads);
  const results: Record<string, unknown[]> = {};
  if (names.length === 0) return results as ReadResults<R>;
  if (dialectOf(db) === "sqlite") {
    for (const name of names)
      results[name] = (await db.executeQuery((reads[name] as Compilable<unknown>).compile())).rows;
    return results as ReadResults<R>;
  }
  const parameters: unknown[] = [];
  const columns = names.map((name) => {
    const sql = renumbered((reads[name] as Compilable<unknown>).compile(), parameters);
    return `(select coalesce(json_agg(r), '[]'::json) from (${sql}) as r) as "${name}"`;
  });
  const { rows } = await db.executeQuery<Record<string, unknown[]>>(
    CompiledQuery.raw(`select ${columns.join(", ")}`, parameters),
  );
  return rows[0] as ReadResults<R>;
}

/** Postgres refuses a statement of more bound parameters than this (a 16-bit count). */
const MAX_PARAMETERS = 65_535;

/**
 * Runs every write, in order, as few statements as the parameter limit allows: one on Postgres
 * for a claim batch. The CTEs of one statement share a snapshot and none sees another's rows, so
 * the writes given together must not touch the same rows (one insert per table and key, one
 * update per row).
 */
export async function writeTogether(db: Executor, writes: Compilable<unknown>[]): Promise<void> {
  if (writes.length === 0) return;
  if (dialectOf(db) === "sqlite") {
    for (const write of writes) await db.executeQuery(write.compile());
    return;
  }
  let group: CompiledQuery[] = [];
  let count = 0;
  for (const write of writes) {
    const compiled = write.compile();
    if (group.length > 0 && count + compiled.parameters.length > MAX_PARAMETERS) {
      await writeStatement(db, group);
      group = [];
      count = 0;
    }
    group.push(compiled);
    count += compiled.parameters.length;
  }
  await writeStatement(db, group);
}

async function writeStatement(db: Executor, group: CompiledQuery[]): Promise<void> {
  const [only] = group;
  if (group.length === 1 && only) {
    await db.executeQuery(only);
    return;
  }
  const parameters: unknown[] = [];
  const ctes = group.map((query, i) => `w${i} as (${renumbered(query, parameters)})`);
  const tables = group.flatMap((query) => tableWrittenBy(query) ?? []);
  await db.executeQuery(writingTo(CompiledQuery.raw(`with ${ctes.join(", ")} select 1`, parameters), tables));
}

/**
 * The query's SQL with its `$n` placeholders moved past the parameters already gathered, its own
 * appended. Kysely binds every value, so a `$` followed by digits in its SQL is a placeholder.
 */
function renumbered(query: CompiledQuery, parameters: unknown[]): string {
  const offset = parameters.length;
  parameters.push(...query.parameters);
  return query.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
}
