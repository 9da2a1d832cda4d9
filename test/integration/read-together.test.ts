import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readTogether } from "../../server/store/together.js";
import { createTestStore, type TestStore } from "../../support/store.js";

/**
 * readTogether answers what each read would alone, on both databases. On Postgres the reads go
 * as one statement: a read that names its columns comes back as one JSON array per column and is
 * put back into rows, any other as one JSON object per row. Strings that need escaping, numbers
 * past 32 bits, nulls, an empty read and the order a read asked for come through either way.
 */
describe("reads run together", () => {
  let test: TestStore;
  const holders = ['he said "hi"', "o'k, 多谢", "plain"];

  beforeAll(async () => {
    test = await createTestStore();
    const { db } = test.store;
    await db
      .insertInto("sweep_leases")
      .values(holders.map((holder, i) => ({ shop_id: `s${i}`, holder, until: 1_796_263_200_000 + i })))
      .execute();
    await db.insertInto("lifecycle_marks").values({ shop_id: "s1", mark: "swept", at: 5 }).execute();
  });
  afterAll(async () => {
    await test?.store.close();
    await test?.dispose();
  });

  it("answers each read's rows under its name, as the read alone answers them", async () => {
    const { db } = test.store;
    const leases = () =>
      db
        .selectFrom("sweep_leases")
        .select(["shop_id", "holder", sql<number>`until + 1`.as("after")])
        .orderBy("shop_id", "desc");
    const marks = () => db.selectFrom("lifecycle_marks").selectAll().where("shop_id", "=", "s1");
    const none = () => db.selectFrom("lifecycle_marks").select(["shop_id", "at"]).where("shop_id", "=", "nobody");
    const joined = () =>
      db
        .selectFrom("sweep_leases as l")
        .leftJoin("lifecycle_marks as m", "m.shop_id", "l.shop_id")
        .select(["l.shop_id", "m.at"])
        .orderBy("l.shop_id");

    const together = await readTogether(db, { leases: leases(), marks: marks(), none: none(), joined: joined() });

    expect(together.leases).toEqual(await leases().execute());
    expect(together.leases).toEqual([
      { shop_id: "s2", holder: "plain", after: 1_796_263_200_003 },
      { shop_id: "s1", holder: "o'k, 多谢", after: 1_796_263_200_002 },
      { shop_id: "s0", holder: 'he said "hi"', after: 1_796_263_200_001 },
    ]);
    expect(together.marks).toEqual([{ shop_id: "s1", mark: "swept", at: 5 }]);
    expect(together.none).toEqual([]);
    expect(together.joined).toEqual([
      { shop_id: "s0", at: null },
      { shop_id: "s1", at: 5 },
      { shop_id: "s2", at: null },
    ]);
  });

  it("answers the same when its statement is prepared, run after run", async () => {
    const { db } = test.store;
    const read = () => ({ leases: db.selectFrom("sweep_leases").select(["shop_id", "until"]).orderBy("shop_id") });
    const first = await readTogether(db, read(), { prepared: true });
    expect(await readTogether(db, read(), { prepared: true })).toEqual(first);
    expect(first.leases.map((l) => l.until)).toEqual([1_796_263_200_000, 1_796_263_200_001, 1_796_263_200_002]);
  });
});
