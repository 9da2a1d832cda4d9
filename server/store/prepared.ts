import type { Compilable } from "kysely";
import pg from "pg";
import type { Executor } from "./executor.js";
import { dialectOf } from "./together.js";

/*
 * Statements Postgres parses and plans once per connection. A statement run thousands of times a
 * minute with the same text (a viewer's beat, a sweep chunk's reads) otherwise has its text
 * parsed and its plan made anew each time: 2.4 s of the server's Postgres time in a sweep's minute
 * of beats, and a 500-viewer list of a chunk's read costs a plan of milliseconds. Named, Postgres
 * keeps both; after five runs it keeps one plan for all values when that plan costs no more.
 *
 * Only texts marked by the statements that want it are named, and only so many: a text with a
 * varying part (an `in` list of every length) would otherwise fill the server's memory with
 * statements used once. Lists go as one array parameter instead (`among`, executor.ts).
 */

/** Distinct texts named at most; past it, statements run unnamed as before. */
const MAX_NAMED = 200;
const names = new Map<string, string>();

/** Marks a statement's text to be prepared on each Postgres connection that runs it. */
export function markPrepared(text: string): void {
  if (!names.has(text) && names.size < MAX_NAMED) names.set(text, `encore_${names.size + 1}`);
}

/**
 * Runs a statement prepared on Postgres and answers its rows (a write's too, through `returning`);
 * plain on SQLite, whose statements are cached already (statement-cache.ts).
 */
export async function runPrepared<R>(db: Executor, query: Compilable<R>): Promise<R[]> {
  const compiled = query.compile();
  if (dialectOf(db) === "postgres") markPrepared(compiled.sql);
  return (await db.executeQuery<R>(compiled)).rows;
}

/**
 * The pool's client on Postgres: a query whose text is marked goes as a named statement, parsed
 * on a connection the first time it runs there. Everything else passes through untouched.
 */
export class PreparingClient extends pg.Client {}
const plainQuery = pg.Client.prototype.query as (this: pg.Client, ...args: unknown[]) => unknown;
// a property, not a method: pg's overloads of query cannot be overridden in a type-safe way
Object.defineProperty(PreparingClient.prototype, "query", {
  writable: true,
  configurable: true,
  value(this: pg.Client, config: unknown, values?: unknown, callback?: unknown): unknown {
    if (typeof config === "string" && (values === undefined || Array.isArray(values))) {
      const name = names.get(config);
      if (name !== undefined) return plainQuery.call(this, { name, text: config, values }, callback);
    }
    return plainQuery.call(this, config, values, callback);
  },
});
