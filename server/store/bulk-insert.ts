import { CompiledQuery, type Kysely } from "kysely";
import { writingTo } from "./change-watch.js";
import type { Dialect } from "./database.js";

/** A column and how Postgres types the array it arrives in. */
export type Column = readonly [name: string, pgType: "text" | "int8" | "int4"];
export type Row = readonly (string | number | null)[];

/**
 * Writes many rows of one table in few statements, without the query builder: a statement per
 * few hundred rows is what keeps a million-member seed within a minute. SQLite takes multi-row
 * VALUES (a statement may bind at most 32,766 values); Postgres takes one array per column through
 * unnest, so a whole batch is one statement of a fixed shape whatever its size, and `with
 * ordinality` keeps the rows in the order given (a viewer's ledger ids follow its history).
 */
export async function insertRows(
  db: Kysely<unknown>,
  dialect: Dialect,
  table: string,
  columns: readonly Column[],
  rows: readonly Row[],
): Promise<void> {
  if (rows.length === 0) return;
  if (dialect === "postgres") {
    for (let from = 0; from < rows.length; from += PG_ROWS) {
      await db.executeQuery(writingTo(postgresInsert(table, columns, rows.slice(from, from + PG_ROWS)), [table]));
    }
    return;
  }
  const perStatement = Math.max(1, Math.min(SQLITE_ROWS, Math.floor(SQLITE_MAX_VARIABLES / columns.length)));
  for (let from = 0; from < rows.length; from += perStatement) {
    const batch = rows.slice(from, from + perStatement);
    const statement = CompiledQuery.raw(sqliteStatement(table, columns, batch.length), batch.flat());
    await db.executeQuery(writingTo(statement, [table]));
  }
}

const SQLITE_MAX_VARIABLES = 32_766;
const SQLITE_ROWS = 500;
const PG_ROWS = 20_000;

const sqliteStatements = new Map<string, string>();

function sqliteStatement(table: string, columns: readonly Column[], rows: number): string {
  const key = `${table}:${rows}`;
  let text = sqliteStatements.get(key);
  if (!text) {
    const tuple = `(${columns.map(() => "?").join(",")})`;
    text = `insert into ${table} (${columns.map(([name]) => name).join(",")}) values ${Array(rows).fill(tuple).join(",")}`;
    sqliteStatements.set(key, text);
  }
  return text;
}

function postgresInsert(table: string, columns: readonly Column[], rows: readonly Row[]): CompiledQuery {
  const names = columns.map(([name]) => name).join(",");
  const arrays = columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(",");
  const text = `insert into ${table} (${names}) select ${names} from unnest(${arrays}) with ordinality as t(${names}, ord) order by ord`;
  const parameters = columns.map((_, i) => rows.map((row) => row[i] ?? null));
  return CompiledQuery.raw(text, parameters);
}
