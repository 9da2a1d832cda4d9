import {
  AliasNode,
  ColumnNode,
  type Compilable,
  CompiledQuery,
  IdentifierNode,
  type InferResult,
  PostgresAdapter,
  ReferenceNode,
  type RootOperationNode,
  SelectQueryNode,
} from "kysely";
import { tableWrittenBy, writingTo } from "./change-watch.js";
import type { Dialect } from "./database.js";
import type { Executor } from "./executor.js";
import { markPrepared } from "./prepared.js";

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
 * parsers make them elsewhere. `prepared`: the statement is named on Postgres (prepared.ts), for
 * reads whose text is the same each time (their lists bound as arrays, `amongListed`).
 */
export async function readTogether<R extends Reads>(
  db: Executor,
  reads: R,
  { prepared = false }: { prepared?: boolean } = {},
): Promise<ReadResults<R>> {
  const names = Object.keys(reads);
  const results: Record<string, unknown[]> = {};
  if (names.length === 0) return results as ReadResults<R>;
  if (dialectOf(db) === "sqlite") {
    for (const name of names)
      results[name] = (await db.executeQuery((reads[name] as Compilable<unknown>).compile())).rows;
    return results as ReadResults<R>;
  }
  const parameters: unknown[] = [];
  const shapes = names.map((name) => {
    const compiled = (reads[name] as Compilable<unknown>).compile();
    return { name, sql: renumbered(compiled, parameters), columns: selectedColumns(compiled.query) };
  });
  const columns = shapes.map(({ name, sql, columns }) =>
    columns
      ? `(select json_build_array(${columns.map((c) => `json_agg(r.${quoted(c)})`).join(", ")}) from (${sql}) as r) as ${quoted(name)}`
      : `(select coalesce(json_agg(r), '[]'::json) from (${sql}) as r) as ${quoted(name)}`,
  );
  const text = `select ${columns.join(", ")}`;
  if (prepared) markPrepared(text);
  const { rows } = await db.executeQuery<Record<string, unknown[]>>(CompiledQuery.raw(text, parameters));
  const answered = rows[0] ?? {};
  for (const { name, columns } of shapes) {
    const cells = answered[name] ?? [];
    results[name] = columns ? rowsOf(columns, cells as (unknown[] | null)[]) : cells;
  }
  return results as ReadResults<R>;
}

/**
 * The names a select's columns come under, in order; null when one is not named in the query
 * (`select *`). A read whose columns are known comes back as one JSON array per column: Postgres
 * then writes each value without its column's name, and `JSON.parse` reads arrays of values
 * faster than as many objects (a chunk of a sweep's thousands of rows).
 */
function selectedColumns(node: RootOperationNode): string[] | null {
  if (!SelectQueryNode.is(node) || !node.selections) return null;
  const names: string[] = [];
  for (const { selection } of node.selections) {
    if (AliasNode.is(selection) && IdentifierNode.is(selection.alias)) names.push(selection.alias.name);
    else if (ReferenceNode.is(selection) && ColumnNode.is(selection.column)) names.push(selection.column.column.name);
    else if (ColumnNode.is(selection)) names.push(selection.column.name);
    else return null;
  }
  // a name twice (`a.id, b.id`) is no column of its own to aggregate
  return new Set(names).size === names.length ? names : null;
}

/** Rows from a read's columns (each null when no row was read: `json_agg` of nothing). */
function rowsOf(columns: readonly string[], cells: readonly (unknown[] | null)[]): Record<string, unknown>[] {
  const count = cells[0]?.length ?? 0;
  const rows: Record<string, unknown>[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const row: Record<string, unknown> = {};
    columns.forEach((column, c) => {
      row[column] = cells[c]?.[i];
    });
    rows[i] = row;
  }
  return rows;
}

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

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
