import { sql } from "kysely";
import type pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { inlineParameters } from "../../server/store/begin-folded.js";
import { requires } from "../../support/requires.js";
import { createTestStore, type TestStore, testPostgresUrl } from "../../support/store.js";

/*
 * A transaction's BEGIN goes out with its first statement, whose parameters are written into it
 * as literals: the statement must mean what it meant with bound parameters, a failure must leave
 * nothing behind, and the transaction must still be one.
 */

/** The SQL texts every pooled client sends from here on. */
function recordTexts(pool: pg.Pool): string[] {
  const texts: string[] = [];
  pool.on("acquire", (client) => {
    const marked = client as { recorded?: true; query: unknown };
    if (marked.recorded) return;
    marked.recorded = true;
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    marked.query = (...args: unknown[]) => {
      const first = args[0];
      texts.push(typeof first === "string" ? first : String((first as { text?: string } | null)?.text ?? ""));
      return query(...args);
    };
  });
  return texts;
}

describe("a statement's parameters written as literals", () => {
  it("quotes text, writes NULL, arrays and numbers as Postgres reads them", () => {
    const parameters = ["it's \\ odd", null, ["a", "b"], 1, 2, 3, 4, 5, 6, 7.5];
    expect(inlineParameters("select $1, $2, $3, $10", parameters)).toBe(
      "select  E'it''s \\\\ odd', NULL, '{\"a\",\"b\"}', '7.5'",
    );
  });

  it("leaves SQL with quotes, dollar quoting or comments of its own to bound parameters", () => {
    expect(inlineParameters("select 'x', $1", [1])).toBeNull();
    expect(inlineParameters("select $tag$x$tag$, $1", [1])).toBeNull();
    expect(inlineParameters("select $1 -- note", [1])).toBeNull();
    expect(inlineParameters("select $2", [1])).toBeNull();
    expect(inlineParameters("select 1", [])).toBe("select 1");
  });
});

describe.skipIf(!requires("postgres") || !testPostgresUrl)("BEGIN with the first statement on Postgres", () => {
  let test: TestStore;
  beforeEach(async () => {
    test = await createTestStore();
  });
  afterEach(async () => {
    await test.store.close();
    await test.dispose();
  });

  it("answers the first statement as bound parameters would, in one round trip with BEGIN", async () => {
    const { db, native } = test.store;
    if (native.dialect !== "postgres") throw new Error("this test runs on Postgres");
    const texts = recordTexts(native.pool);
    const values = { text: "it's a \\ 'quote'; drop table shops; --", ids: ["v1", "v'2"], n: 42, none: null };
    const read = () =>
      sql<{
        text: string;
        n: number;
        none: string | null;
        found: boolean;
      }>`select ${values.text}::text as text, ${values.n}::int + 1 as n, ${values.none}::text as none, ${"v'2"} = any(${values.ids}::text[]) as found`;
    const outside = (await read().execute(db)).rows;
    const inside = await db.transaction().execute(async (trx) => (await read().execute(trx)).rows);
    expect(inside).toEqual(outside);
    expect(inside).toEqual([{ text: values.text, n: 43, none: null, found: true }]);
    const began = texts.filter((t) => /^begin/i.test(t));
    expect(began).toHaveLength(1);
    expect(began[0]).toMatch(/^begin;select/);
    expect(texts).not.toContain("begin");
  });

  it("keeps a transaction's writes together and rolls a failed one back, first statement included", async () => {
    const { db, native } = test.store;
    if (native.dialect !== "postgres") throw new Error("this test runs on Postgres");
    await sql`create table folded (id text primary key, n int not null)`.execute(db);
    await db.transaction().execute(async (trx) => {
      await sql`insert into folded values (${"a"}, ${1})`.execute(trx);
      await sql`insert into folded values (${"b"}, ${2})`.execute(trx);
    });
    await expect(
      db.transaction().execute(async (trx) => {
        await sql`update folded set n = n + ${10}`.execute(trx);
        await sql`insert into folded values (${"a"}, ${3})`.execute(trx);
      }),
    ).rejects.toThrow();
    await expect(
      db.transaction().execute(async (trx) => {
        await sql`insert into folded values (${"c"}, ${"not a number"})`.execute(trx);
      }),
    ).rejects.toThrow();
    // an empty transaction sends nothing; the first statements of the failed ones were undone with them
    await db.transaction().execute(async () => {});
    const rows = (await sql<{ id: string; n: number }>`select id, n from folded order by id`.execute(db)).rows;
    expect(rows).toEqual([
      { id: "a", n: 1 },
      { id: "b", n: 2 },
    ]);
  });
});

describe.skipIf(!requires("postgres") || !testPostgresUrl)("BEGIN with the first statement on Postgres", () => {
  let test: TestStore;
  beforeEach(async () => {
    test = await createTestStore();
  });
  afterEach(async () => {
    await test.store.close();
    await test.dispose();
  });

  it("answers the first statement as bound parameters would, in one round trip with BEGIN", async () => {
    const { db, native } = test.store;
    if (native.dialect !== "postgres") throw new Error("this test runs on Postgres");
    const texts = recordTexts(native.pool);
    const values = { text: "it's a \\ 'quote'; drop table shops; --", ids: ["v1", "v'2"], n: 42, none: null };
    const read = () =>
      sql<{
        text: string;
        n: number;
        none: string | null;
        found: boolean;
      }>`select ${values.text}::text as text, ${values.n}::int + 1 as n, ${values.none}::text as none, ${"v'2"} = any(${values.ids}::text[]) as found`;
    const outside = (await read().execute(db)).rows;
    const inside = await db.transaction().execute(async (trx) => (await read().execute(trx)).rows);
    expect(inside).toEqual(outside);
    expect(inside).toEqual([{ text: values.text, n: 43, none: null, found: true }]);
    const began = texts.filter((t) => /^begin/i.test(t));
    expect(began).toHaveLength(1);
    expect(began[0]).toMatch(/^begin;select/);
    expect(texts).not.toContain("begin");
  });

  it("keeps a transaction's writes together and rolls a failed one back, first statement included", async () => {
    const { db, native } = test.store;
    if (native.dialect !== "postgres") throw new Error("this test runs on Postgres");
    await sql`create table folded (id text primary key, n int not null)`.execute(db);
    await db.transaction().execute(async (trx) => {
      await sql`insert into folded values (${"a"}, ${1})`.execute(trx);
      await sql`insert into folded values (${"b"}, ${2})`.execute(trx);
    });
    await expect(
      db.transaction().execute(async (trx) => {
        await sql`update folded set n = n + ${10}`.execute(trx);
        await sql`insert into folded values (${"a"}, ${3})`.execute(trx);
      }),
    ).rejects.toThrow();
    await expect(
      db.transaction().execute(async (trx) => {
        await sql`insert into folded values (${"c"}, ${"not a number"})`.execute(trx);
      }),
    ).rejects.toThrow();
    // an empty transaction sends nothing; the first statements of the failed ones were undone with them
    await db.transaction().execute(async () => {});
    const rows = (await sql<{ id: string; n: number }>`select id, n from folded order by id`.execute(db)).rows;
    expect(rows).toEqual([
      { id: "a", n: 1 },
      { id: "b", n: 2 },
    ]);
    const state = await db
      .transaction()
      .execute(
        async (trx) => (await sql<{ now: boolean }>`select now() = statement_timestamp() as now`.execute(trx)).rows,
      );
    // in a transaction since BEGIN: the first statement started after the transaction did
    expect(state).toHaveLength(1);
  });
});
