import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ArrivalWrites } from "../../server/services/arrival-writes.js";
import { createShop } from "../../server/services/shops.js";
import type { Store } from "../../server/store/database.js";
import { VIEWER_WRITES_PER_STATEMENT, type ViewerProfile } from "../../server/store/viewers.js";
import { createTestStore, type TestStore } from "../../support/store.js";

/*
 * The viewers joins record, a group at a time (services/arrival-writes.ts): what each join asked
 * for is what its row says, as when each wrote alone, in a few statements, and a row that cannot
 * be written fails only the join it belongs to.
 */

const T0 = Date.UTC(2026, 11, 1, 20);

let test: TestStore;
let shopId = "";
beforeEach(async () => {
  test = await createTestStore();
  shopId = (await createShop(test.store.db, { name: "Arrivals" }, T0)).id;
});
afterEach(async () => {
  await test.store.close();
  await test.dispose();
});

/** The store with its statements counted as they reach the driver. */
function counted(store: Store): { store: Pick<Store, "db" | "dialect">; statements: () => number } {
  let n = 0;
  const db = new Proxy(store.db, {
    get(target, property, receiver) {
      if (property === "executeQuery") {
        return (...args: Parameters<Store["db"]["executeQuery"]>) => {
          n++;
          return target.executeQuery(...args);
        };
      }
      return Reflect.get(target, property, receiver);
    },
  });
  return { store: { db, dialect: store.dialect }, statements: () => n };
}

async function rows() {
  return test.store.db
    .selectFrom("viewers")
    .select(["viewer_id", "name", "birthday", "is_host", "created_at"])
    .where("shop_id", "=", shopId)
    .orderBy("viewer_id")
    .execute();
}

/** Members counted by migration 0034's triggers, summed over the shop's days and shards. */
async function membersCounted(): Promise<number> {
  const { rows } = await sql<{ n: string | number | null }>`select sum(members) as n from last_active_days
    where shop_id = ${shopId}`.execute(test.store.db);
  return Number(rows[0]?.n ?? 0);
}

describe("recording the viewers of joins that arrive together", () => {
  it("writes a group in one statement per hundred viewers, each row as its join asked", async () => {
    const { store, statements } = counted(test.store);
    const writes = new ArrivalWrites(store);
    const count = VIEWER_WRITES_PER_STATEMENT + 20;
    const ids = Array.from({ length: count }, (_, i) => `v${String(i).padStart(3, "0")}`);
    await Promise.all(
      ids.map((viewerId, i) =>
        writes.record({
          shopId,
          viewerId,
          profile: { name: `Name ${i}`, ...(i % 2 ? { birthday: "04-01" } : {}), host: i === 7 },
          now: T0 + i * 1000,
        }),
      ),
    );
    expect(statements()).toBe(2);
    const stored = await rows();
    expect(stored).toHaveLength(count);
    stored.forEach((row, i) => {
      expect(row).toMatchObject({
        viewer_id: ids[i],
        name: `Name ${i}`,
        birthday: i % 2 ? "04-01" : null,
        is_host: i === 7 ? 1 : 0,
      });
      expect(Number(row.created_at)).toBe(T0 + i * 1000);
    });
    // every member (not the host) counted once by the insert trigger, as one insert each would
    expect(await membersCounted()).toBe(count - 1);
  });

  it("applies one viewer's writes in the order asked, and keeps what a token did not say", async () => {
    const writes = new ArrivalWrites(test.store);
    await writes.record({ shopId, viewerId: "ann", profile: { name: "Ann", birthday: "05-02" }, now: T0 });
    const later = (profile: ViewerProfile, at: number) => writes.record({ shopId, viewerId: "ann", profile, now: at });
    await Promise.all([
      later({}, T0 + 1),
      later({ name: "Annie" }, T0 + 2),
      later({ name: "Anna" }, T0 + 3),
      later({ host: true }, T0 + 4),
      later({ host: false }, T0 + 5),
    ]);
    const [ann] = await rows();
    expect(ann).toMatchObject({ viewer_id: "ann", name: "Anna", birthday: "05-02", is_host: 1 });
    expect(Number(ann?.created_at)).toBe(T0);
    // a host is no member: the count moved from one to none, exactly once
    expect(await membersCounted()).toBe(0);
  });

  it("fails only the join whose row cannot be written", async () => {
    const writes = new ArrivalWrites(test.store);
    const results = await Promise.allSettled([
      writes.record({ shopId, viewerId: "amy", profile: { name: "Amy" }, now: T0 }),
      // no such shop: the foreign key refuses this row, and with it the group's statement
      writes.record({ shopId: "no-such-shop", viewerId: "bob", profile: {}, now: T0 }),
      writes.record({ shopId, viewerId: "cat", profile: {}, now: T0 }),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect((await rows()).map((r) => r.viewer_id)).toEqual(["amy", "cat"]);
    expect(await membersCounted()).toBe(2);
    // and the writer goes on serving the joins that come after
    await writes.record({ shopId, viewerId: "dan", profile: {}, now: T0 });
    expect((await rows()).map((r) => r.viewer_id)).toEqual(["amy", "cat", "dan"]);
  });
});
