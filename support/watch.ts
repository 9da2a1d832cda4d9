import { ClientEvent } from "../protocol/index.js";
import { call, type TestServer, type TestSocket } from "./server.js";

/** Beats like the widget does: one now (unless the stretch is open already), then every `step` seconds of test time, for `seconds`. */
export async function watchFor(
  server: TestServer,
  socket: TestSocket,
  seconds: number,
  step = 30,
  state = { playing: true, visible: true },
  /** false when the socket's last beat already opened the stretch */
  open = true,
): Promise<number> {
  let credited = 0;
  if (open) {
    const first = await call(socket, ClientEvent.beat, state);
    if (!first.ok) throw new Error(`beat refused: ${first.error.code}`);
  }
  for (let t = 0; t < seconds; t += step) {
    server.clock.advance(Math.min(step, seconds - t) * 1000);
    const result = await call(socket, ClientEvent.beat, state);
    if (!result.ok) throw new Error(`beat refused: ${result.error.code}`);
    credited += result.data.creditedSeconds;
  }
  return credited;
}

export async function balanceOf(server: TestServer, viewerId: string): Promise<{ points: number; growth: number }> {
  const row = await server.store.db
    .selectFrom("viewers")
    .select(["points", "growth"])
    .where("shop_id", "=", server.shop.id)
    .where("viewer_id", "=", viewerId)
    .executeTakeFirst();
  return { points: Number(row?.points ?? 0), growth: Number(row?.growth ?? 0) };
}

/** The viewer's verified watch time in the server's shop, in ms (0 before their first credited beat). */
export async function watchedMsOf(server: TestServer, viewerId: string): Promise<number> {
  const row = await server.store.db
    .selectFrom("watch_state")
    .select("total_ms")
    .where("shop_id", "=", server.shop.id)
    .where("viewer_id", "=", viewerId)
    .executeTakeFirst();
  return Number(row?.total_ms ?? 0);
}

export async function ledgerCount(server: TestServer): Promise<number> {
  const row = await server.store.db
    .selectFrom("ledger")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The tables of each store, read once: migrations do not run while a test server is up. */
const tablesOf = new WeakMap<object, Promise<string[]>>();

/** Everything a refused request must leave untouched: every row of every table. */
export async function stateFingerprint(server: TestServer): Promise<string> {
  const { db } = server.store;
  let tables = tablesOf.get(db);
  if (!tables) {
    // Postgres's introspection reads every column of the catalogue: tens of milliseconds a call
    tables = db.introspection.getTables().then((found) =>
      found
        .map((t) => t.name)
        .filter((name) => !name.startsWith("kysely_"))
        .sort(),
    );
    tablesOf.set(db, tables);
  }
  const names = await tables;
  const rows = await Promise.all(
    // biome-ignore lint/suspicious/noExplicitAny: every table, whatever its columns
    names.map((table) => (db as any).selectFrom(table).selectAll().execute() as Promise<unknown[]>),
  );
  const dump: Record<string, string[]> = {};
  names.forEach((table, i) => {
    dump[table] = (rows[i] ?? []).map((row) => JSON.stringify(row)).sort();
  });
  return JSON.stringify(dump);
}
