import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createShop } from "../../server/services/shops.js";
import { lastActiveAtOrBefore, lastActiveDays, rebuildLastActive } from "../../server/store/last-active.js";
import { createTestStore, type TestStore } from "../../support/store.js";

const DAY = 24 * 3600_000;
const T0 = Date.UTC(2026, 10, 2, 10);

/**
 * The triggers behind last_active_days, one kind of write at a time, including the ones no
 * service makes today (a watch row deleted or re-keyed to a member who arrived on another day, an
 * arrival moved): after each, the kept days equal the days made again from the rows.
 */
describe("members per day of last activity follow every write to viewers and watch rows", () => {
  let test: TestStore;
  let shopId = "";

  beforeAll(async () => {
    test = await createTestStore();
    shopId = (await createShop(test.store.db, { name: "Days" }, T0 - 90 * DAY)).id;
  });
  afterAll(async () => {
    await test.store.close();
    await test.dispose();
  });

  const db = () => test.store.db;
  const viewer = (viewerId: string, createdAt: number, isHost = 0) =>
    db()
      .insertInto("viewers")
      .values({ shop_id: shopId, viewer_id: viewerId, points: 0, growth: 0, created_at: createdAt, is_host: isHost })
      .execute();
  const watched = (viewerId: string, at: number) =>
    db()
      .insertInto("watch_state")
      .values({
        shop_id: shopId,
        viewer_id: viewerId,
        credited_until: at,
        carry_ms: 0,
        total_ms: 0,
        day: "2026-11-02",
        day_points: 0,
        blocks: 0,
        chests: 0,
        updated_at: at,
      })
      .onConflict((oc) => oc.columns(["shop_id", "viewer_id"]).doUpdateSet({ updated_at: at, credited_until: at }))
      .execute();

  async function expectKeptEqualsRebuilt(label: string) {
    const kept = await lastActiveDays(db(), shopId);
    let rebuilt: typeof kept = [];
    await db()
      .transaction()
      .execute(async (trx) => {
        await rebuildLastActive(trx as unknown as Kysely<unknown>, shopId);
        rebuilt = await lastActiveDays(trx, shopId);
        throw new Error("undo");
      })
      .catch((error: Error) => {
        if (error.message !== "undo") throw error;
      });
    expect(kept, label).toEqual(rebuilt);
    return kept;
  }

  it("arrivals, hosts, watching, days changing, re-keying and deletion", async () => {
    await viewer("a", T0 - 40 * DAY);
    await viewer("b", T0 - 10 * DAY);
    await viewer("h", T0 - 40 * DAY, 1);
    expect(await expectKeptEqualsRebuilt("arrivals")).toEqual([
      { day: Math.floor((T0 - 40 * DAY) / DAY), members: 1 },
      { day: Math.floor((T0 - 10 * DAY) / DAY), members: 1 },
    ]);

    await watched("a", T0 - 35 * DAY);
    await watched("h", T0 - 35 * DAY);
    await expectKeptEqualsRebuilt("first watch");
    // beats within a day move nothing; the first beat of a new day moves the member
    await watched("a", T0 - 35 * DAY + 3600_000);
    await watched("a", T0 - 2 * DAY);
    await watched("h", T0 - 2 * DAY);
    await expectKeptEqualsRebuilt("days change");

    await db().updateTable("viewers").set({ is_host: 1 }).where("viewer_id", "=", "b").execute();
    await expectKeptEqualsRebuilt("a member becomes a host");
    await db()
      .updateTable("viewers")
      .set({ is_host: 0, created_at: T0 - 50 * DAY })
      .where("viewer_id", "=", "b")
      .execute();
    await expectKeptEqualsRebuilt("and a member again, arrived earlier");

    // a watch row handed to a member who arrived on another day (erasure's re-keying, generalised)
    await viewer("c", T0 - 60 * DAY);
    await db().updateTable("watch_state").set({ viewer_id: "c" }).where("viewer_id", "=", "a").execute();
    await expectKeptEqualsRebuilt("re-keyed");
    await db().deleteFrom("watch_state").where("viewer_id", "=", "c").execute();
    await expectKeptEqualsRebuilt("watch row deleted");
    await db().deleteFrom("viewers").where("viewer_id", "=", "a").execute();
    await expectKeptEqualsRebuilt("member deleted");

    // b arrived 50 days ago, c 60 days ago, both never watched now; h is a host
    expect(await lastActiveAtOrBefore(db(), shopId, T0 - 30 * DAY)).toBe(2);
    expect(await lastActiveAtOrBefore(db(), shopId, T0 - 55 * DAY)).toBe(1);
    // the cutoff's own day counted to the millisecond: c arrived at 10:00 UTC that day
    expect(await lastActiveAtOrBefore(db(), shopId, T0 - 60 * DAY)).toBe(1);
    expect(await lastActiveAtOrBefore(db(), shopId, T0 - 60 * DAY - 1)).toBe(0);
  });
});
