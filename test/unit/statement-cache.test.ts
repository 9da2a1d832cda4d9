import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect, sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { preparedOnce } from "../../server/store/statement-cache.js";

/** SQLite statements prepared once per SQL text, for Kysely's every query. */
describe("preparedOnce", () => {
  const open: SQLite.Database[] = [];
  const database = () => {
    const db = new SQLite(":memory:");
    db.exec("create table t (n integer); insert into t values (1), (2), (3)");
    open.push(db);
    return db;
  };
  afterEach(() => {
    for (const db of open.splice(0)) if (db.open) db.close();
  });

  it("hands back the statement it prepared for the same text", () => {
    const cached = preparedOnce(database());
    const first = cached.prepare("select n from t where n > ?");
    expect(cached.prepare("select n from t where n > ?")).toBe(first);
    expect(cached.prepare("select n from t where n < ?")).not.toBe(first);
  });

  it("gives a statement busy with a stream a fresh one, so the two run interleaved", () => {
    const cached = preparedOnce(database());
    const text = "select n from t order by n";
    const streaming = cached.prepare(text).iterate([]);
    expect(streaming.next().value).toEqual({ n: 1 });
    const other = cached.prepare(text);
    expect(other.all([])).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect([...streaming]).toEqual([{ n: 2 }, { n: 3 }]);
  });

  it("keeps at most the texts it was told, the least recently used going first", () => {
    const cached = preparedOnce(database(), 2);
    const a = cached.prepare("select 1");
    const b = cached.prepare("select 2");
    expect(cached.prepare("select 1")).toBe(a);
    cached.prepare("select 3");
    expect(cached.prepare("select 1")).toBe(a);
    expect(cached.prepare("select 2")).not.toBe(b);
  });

  it("serves Kysely's queries, streams and transactions as the database itself does", async () => {
    const db = new Kysely<{ t: { n: number } }>({ dialect: new SqliteDialect({ database: preparedOnce(database()) }) });
    const read = () => db.selectFrom("t").select("n").orderBy("n");
    for (let round = 0; round < 2; round++) {
      const streamed: number[] = [];
      for await (const row of read().stream()) streamed.push(row.n);
      expect(streamed).toEqual([1, 2, 3]);
      expect((await read().execute()).map((r) => r.n)).toEqual([1, 2, 3]);
    }
    await db.transaction().execute(async (trx) => {
      await trx.insertInto("t").values({ n: 4 }).execute();
      await trx.insertInto("t").values({ n: 5 }).execute();
    });
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto("t").values({ n: 6 }).execute();
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect((await sql<{ c: number }>`select count(*) as c from t`.execute(db)).rows[0]?.c).toBe(5);
    await db.destroy();
  });
});
