import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore, type Store } from "../../server/store/database.js";
import { amongListed } from "../../server/store/executor.js";
import { ordersOf } from "../../server/store/lifecycle.js";
import { runPrepared } from "../../server/store/prepared.js";
import { readForBeat } from "../../server/store/watch.js";
import { freshDatabase } from "../../support/postgres.js";
import { requires } from "../../support/requires.js";
import { testPostgresUrl } from "../../support/store.js";

/**
 * On Postgres a beat's statements and a sweep chunk's reads are parsed and planned once per
 * connection: named statements, kept by the server. Checked where Postgres lists them, on a
 * pool of one connection so every statement meets the same session.
 */
describe.skipIf(!requires("postgres") || !testPostgresUrl())("statements prepared on Postgres", () => {
  let store: Store;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const database = await freshDatabase(testPostgresUrl() as string, "encore_test");
    drop = database.drop;
    store = await openStore(database.url, { poolMax: 1 });
  });
  afterAll(async () => {
    await store?.close();
    await drop?.();
  });

  const prepared = async () =>
    (await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(store.db)).rows.map(
      (r) => r.statement,
    );

  it("keeps a beat's read prepared after its first run, and runs it again by name", async () => {
    expect(await readForBeat(store.db, "s1", "nobody")).toBeUndefined();
    const kept = await prepared();
    expect(kept.some((text) => /from "viewers" as "v" left join "watch_state"/.test(text))).toBe(true);
    // the second run finds the statement there: still one of it, and the same answer
    expect(await readForBeat(store.db, "s1", "nobody")).toBeUndefined();
    expect(
      (await prepared()).filter((text) => /from "viewers" as "v" left join "watch_state"/.test(text)),
    ).toHaveLength(1);
  });

  it("sends a chunk's viewers as one array: one statement for every length of the list", async () => {
    for (const count of [1, 3, 500]) {
      const ids = Array.from({ length: count }, (_, i) => `v${i}`);
      expect(await ordersOf(store.db, "s1", ids)).toEqual([]);
      const compiled = store.db
        .selectFrom("orders")
        .select("order_id")
        .where(amongListed(store.db, "viewer_id", ids))
        .compile();
      expect(compiled.sql).toMatch(/"viewer_id" = any\(\$1\)$/);
      expect(compiled.parameters).toHaveLength(1);
    }
    expect((await prepared()).filter((text) => /from "orders" where .*"viewer_id" = any/.test(text))).toHaveLength(1);
  });

  it("leaves a statement nobody marked unnamed", async () => {
    const byId = () => store.db.selectFrom("shops").select("name").where("id", "=", "s1");
    await byId().execute();
    expect((await prepared()).some((text) => /select "name" from "shops"/.test(text))).toBe(false);
    // marked, the same text is kept
    await runPrepared(store.db, byId());
    expect((await prepared()).some((text) => /select "name" from "shops"/.test(text))).toBe(true);
  });
});
