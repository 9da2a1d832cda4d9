import { createRequire } from "node:module";
import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from "kysely";
import type pg from "pg";

/*
 * A Postgres transaction's BEGIN sent in the same round trip as its first statement. node-postgres
 * waits for each reply before sending the next statement, and in a claim storm every reply waits
 * for a turn of an event loop busy with arriving comments: a BEGIN on its own was one of the sell-
 * out batch's five round trips. Kysely sends `begin` alone; this holds it back and sends
 * `begin;<first statement>` as one simple query, which allows several statements but no bound
 * parameters, so the first statement's parameters are written into it as quoted literals. A quoted
 * literal is of unknown type until its context decides, exactly as an untyped bound parameter is
 * (node-postgres binds every value untyped, as text from the same `prepareValue`).
 */

const require = createRequire(import.meta.url);
const { prepareValue, escapeLiteral } = require("pg/lib/utils.js") as {
  prepareValue(value: unknown): string | Buffer | null;
  escapeLiteral(text: string): string;
};

/** What Kysely's driver answers for a statement that was not sent (yet). */
const NOTHING_SENT = { command: "SELECT", rowCount: 0, rows: [] } as unknown as PostgresQueryResult<never>;

/** The pool Kysely is given: each client it checks out holds its transaction's BEGIN back. */
export function beginFolded(pool: pg.Pool): PostgresPool {
  // Kysely keeps one connection per client object: the same client must come back as the same wrapper
  const wrapped = new WeakMap<pg.PoolClient, FoldingClient>();
  return {
    async connect() {
      const client = await pool.connect();
      let folding = wrapped.get(client);
      if (!folding) {
        folding = new FoldingClient(client);
        wrapped.set(client, folding);
      }
      return folding;
    },
    end: () => pool.end(),
  };
}

class FoldingClient implements PostgresPoolClient {
  /** a `begin` asked for and not sent yet */
  private held = false;

  constructor(private readonly client: pg.PoolClient) {}

  query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
  query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  query<R>(
    statement: string | PostgresCursor<R>,
    parameters?: ReadonlyArray<unknown>,
  ): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
    const client = this.client as unknown as PostgresPoolClient;
    if (typeof statement !== "string") {
      // a cursor goes out on its own; the client sends its queue in order, the held BEGIN first
      if (this.held) this.sendHeldBegin();
      return client.query(statement);
    }
    if (statement === "begin") {
      this.held = true;
      return Promise.resolve(NOTHING_SENT);
    }
    if (!this.held) return client.query<R>(statement, parameters ?? []);
    this.held = false;
    // a transaction that ran no statement has nothing to commit or roll back
    if (statement === "commit" || statement === "rollback") return Promise.resolve(NOTHING_SENT);
    const inlined = inlineParameters(statement, parameters ?? []);
    if (inlined === null) {
      this.sendHeldBegin();
      return client.query<R>(statement, parameters ?? []);
    }
    return this.runFolded<R>(inlined);
  }

  release(): void {
    this.held = false;
    this.client.release();
  }

  private sendHeldBegin(): void {
    this.held = false;
    // its failure (a broken connection) fails the statement queued behind it too
    this.client.query("begin").catch(() => {});
  }

  private async runFolded<R>(statement: string): Promise<PostgresQueryResult<R>> {
    const results = (await this.client.query(`begin;${statement}`)) as unknown as pg.QueryResult[];
    // the statement's own answer, as node-postgres gives it: one result, or a list of several
    const own = results.slice(1);
    return (own.length === 1 ? own[0] : own) as unknown as PostgresQueryResult<R>;
  }
}

/**
 * The statement with each `$n` replaced by its value as a quoted literal, or null when that cannot
 * be done by its text alone: SQL with quotes, dollar quoting or comments of its own (raw SQL, where
 * a `$n` might not be a placeholder). Kysely binds every value, so its SQL has none of these.
 */
export function inlineParameters(statement: string, parameters: ReadonlyArray<unknown>): string | null {
  if (parameters.length === 0) return statement;
  if (/'|\$\$|\$[A-Za-z_]|--|\/\*/.test(statement)) return null;
  let missing = false;
  const text = statement.replace(/\$(\d+)/g, (_, n: string) => {
    const index = Number(n) - 1;
    if (index >= parameters.length) {
      missing = true;
      return "";
    }
    return literalOf(parameters[index]);
  });
  return missing ? null : text;
}

function literalOf(value: unknown): string {
  const prepared = prepareValue(value);
  if (prepared === null) return "NULL";
  if (Buffer.isBuffer(prepared)) return escapeLiteral(`\\x${prepared.toString("hex")}`);
  return escapeLiteral(prepared);
}
