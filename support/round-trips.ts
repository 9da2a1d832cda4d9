import type pg from "pg";

/**
 * Every transaction the pool's clients run from here on, as the SQL of its statements in order (a
 * statement outside a transaction is a list of its own), counted at the driver: on Postgres each
 * statement is a round trip, and each waits for a turn of the server's event loop and of its
 * backend, so a change that adds one shows in a test before it shows in a benchmark.
 */
export function recordTransactions(pool: pg.Pool): string[][] {
  const done: string[][] = [];
  const patched = new WeakSet<pg.PoolClient>();
  const open = new WeakMap<pg.PoolClient, string[]>();
  pool.on("acquire", (client) => {
    if (patched.has(client)) return;
    patched.add(client);
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: unknown }).query = (...args: unknown[]) => {
      const first = args[0];
      const text = typeof first === "string" ? first : String((first as { text?: string } | null)?.text ?? "");
      const statements = open.get(client);
      if (/^begin/i.test(text)) open.set(client, [text]);
      else if (!statements) done.push([text]);
      else {
        statements.push(text);
        if (/^(commit|rollback)/i.test(text)) {
          done.push(statements);
          open.delete(client);
        }
      }
      return query(...args);
    };
  });
  return done;
}
