import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY_MS } from "../../server/domain/coupons.js";
import { verifyStore } from "../../server/ops/verify.js";
import type { Store } from "../../server/store/database.js";
import { lastActiveAtOrBefore } from "../../server/store/last-active.js";
import { type BulkShopResult, seedBulkShop } from "../../support/bulk-shop.js";
import { createTestStore, type TestStore } from "../../support/store.js";

const NOW = Date.UTC(2025, 5, 1, 4);
const VIEWERS = 2_000;
const ORDERS = 4_000;

/** The bulk seeder's shop, small: the invariants a million-member shop relies on, checked in full. */
describe("a bulk-seeded shop", () => {
  let test: TestStore;
  let seeded: BulkShopResult;

  beforeAll(async () => {
    test = await createTestStore();
    seeded = await seedBulkShop(test.store, { shopId: "bulk", viewers: VIEWERS, orders: ORDERS, seed: 42, now: NOW });
  });
  afterAll(async () => {
    await test.store.close();
    await test.dispose();
  });

  const count = async (query: ReturnType<typeof sql<{ n: number | string }>>) =>
    Number((await query.execute(test.store.db)).rows[0]?.n);

  it("has the viewers and orders asked for, and says so", async () => {
    expect(await count(sql`select count(*) as n from viewers where shop_id = 'bulk'`)).toBe(VIEWERS);
    expect(await count(sql`select count(*) as n from orders where shop_id = 'bulk'`)).toBe(ORDERS);
    expect(seeded.counts.viewers).toBe(VIEWERS);
    expect(seeded.counts.orders).toBe(ORDERS);
    expect(await count(sql`select count(*) as n from ledger`)).toBe(seeded.counts.ledger);
    expect(await count(sql`select count(*) as n from coupons`)).toBe(seeded.counts.coupons);
  });

  it("passes verify: balances are their ledgers, templates' counts are their coupons", async () => {
    expect(await verifyStore(test.store)).toEqual([]);
  });

  it("keeps every order's lines, money and coupon consistent", async () => {
    // lines add up to the amount; what was paid is the amount less the discount and the points' value
    expect(
      await count(sql`select count(*) as n from orders o
        where o.amount != (select sum(i.qty * i.price) from order_items i where i.shop_id = o.shop_id and i.order_id = o.order_id)
           or o.paid != o.amount - o.discount - o.points_value or o.paid < 0`),
    ).toBe(0);
    // every order has at least one line, and every sku is in the catalogue
    expect(
      await count(sql`select count(*) as n from orders o where not exists
        (select 1 from order_items i where i.shop_id = o.shop_id and i.order_id = o.order_id)`),
    ).toBe(0);
    expect(
      await count(sql`select count(*) as n from order_items i
        where not exists (select 1 from products p where p.shop_id = i.shop_id and p.sku = i.sku)`),
    ).toBe(0);
    // a standing order's coupon is redeemed for it, with its discount; a refunded one's is back in the wallet
    expect(
      await count(sql`select count(*) as n from orders o join coupons c on c.code = o.coupon_code
        where (o.refunded_at is null and (c.state != 'redeemed' or c.redeemed_order != o.order_id or c.discount != o.discount))
           or (o.refunded_at is not null and c.redeemed_order = o.order_id)`),
    ).toBe(0);
    expect(await count(sql`select count(*) as n from orders where coupon_code is not null`)).toBeGreaterThan(0);
    expect(await count(sql`select count(*) as n from orders where refunded_at is not null`)).toBe(
      seeded.counts.refunds,
    );
    expect(seeded.counts.refunds).toBeGreaterThan(0);
    // a replayed order gets back the answer it got the first time, in its real shape
    const first = await test.store.db
      .selectFrom("orders")
      .select(["order_id", "response", "paid"])
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(first.response)).toMatchObject({ orderId: first.order_id, paid: first.paid });
  });

  it("looks like a shop: most viewers bought 0 to 2 times, some many times, some bought again the same sku", async () => {
    const perViewer = (
      await sql<{
        n: number | string;
      }>`select (select count(*) from orders o where o.shop_id = v.shop_id and o.viewer_id = v.viewer_id) as n
        from viewers v`.execute(test.store.db)
    ).rows.map((r) => Number(r.n));
    const upToTwo = perViewer.filter((n) => n <= 2).length;
    expect(upToTwo / VIEWERS).toBeGreaterThan(0.6);
    expect(Math.max(...perViewer)).toBeGreaterThanOrEqual(10);
    expect(
      await count(sql`select count(*) as n from (select o.viewer_id, i.sku from order_items i
        join orders o on o.shop_id = i.shop_id and o.order_id = i.order_id
        group by o.viewer_id, i.sku having count(*) >= 2) t`),
    ).toBeGreaterThan(0);
    expect(await count(sql`select count(*) as n from products where usage_days is not null`)).toBeGreaterThan(0);
    expect(await count(sql`select count(*) as n from viewers where birthday is not null`)).toBeGreaterThan(0);
  });

  it("has viewers who watched lately, who are dormant 30, 60 and 90+ days, and who never watched", async () => {
    const since = (from: number, to: number | null) =>
      count(sql`select count(*) as n from watch_state where updated_at <= ${NOW - from * DAY_MS}
        ${to === null ? sql`` : sql`and updated_at > ${NOW - to * DAY_MS}`}`);
    expect(await since(0, 30)).toBeGreaterThan(0);
    expect(await since(30, 60)).toBeGreaterThan(0);
    expect(await since(60, 90)).toBeGreaterThan(0);
    expect(await since(90, null)).toBeGreaterThan(0);
    expect(
      await count(sql`select count(*) as n from viewers v where not exists
        (select 1 from watch_state w where w.shop_id = v.shop_id and w.viewer_id = v.viewer_id)`),
    ).toBeGreaterThan(0);
    expect(await count(sql`select count(*) as n from live_watch`)).toBe(seeded.counts.live_watch);
    expect(seeded.counts.live_watch).toBeGreaterThan(0);
    // the members per day of last activity, counted once after the load, are those of every viewer
    const dormant = (cutoff: number) =>
      count(sql`select count(*) as n from viewers v left join watch_state w
        on w.shop_id = v.shop_id and w.viewer_id = v.viewer_id
        where v.is_host = 0 and coalesce(w.updated_at, v.created_at) <= ${cutoff}`);
    for (const days of [30, 60, 90]) {
      expect(await lastActiveAtOrBefore(test.store.db, "bulk", NOW - days * DAY_MS)).toBe(
        await dormant(NOW - days * DAY_MS),
      );
    }
  });

  it("has coupons redeemed, open, expired, and open ones expiring within days", async () => {
    expect(await count(sql`select count(*) as n from coupons where state = 'redeemed'`)).toBeGreaterThan(0);
    expect(
      await count(sql`select count(*) as n from coupons where state = 'issued' and expires_at < ${NOW}`),
    ).toBeGreaterThan(0);
    expect(
      await count(
        sql`select count(*) as n from coupons where state = 'issued' and expires_at between ${NOW} and ${NOW + 7 * DAY_MS}`,
      ),
    ).toBeGreaterThan(0);
    const sources = (
      await sql<{ source: string }>`select distinct source from coupons order by source`.execute(test.store.db)
    ).rows;
    expect(sources.map((s) => s.source)).toEqual(["birthday", "exchange", "first_order"]);
  });

  it("leaves the schema and the connection's settings as they were, and says how long each step took", async () => {
    expect(Object.keys(seeded.phases)).toEqual(expect.arrayContaining(["prepare", "generate", "write", "indexes"]));
    const fresh = await createTestStore();
    try {
      const before = await schemaOf(fresh.store);
      await seedBulkShop(fresh.store, { shopId: "small", viewers: 50, orders: 100, seed: 7, now: NOW });
      expect(await schemaOf(fresh.store)).toEqual(before);
      // the rebuilt constraints hold: a second row with a taken key is refused
      await expect(
        sql`insert into viewers (shop_id, viewer_id, points, growth, created_at) values ('small', 'v0', 0, 0, 0)`.execute(
          fresh.store.db,
        ),
      ).rejects.toThrow();
    } finally {
      await fresh.store.close();
      await fresh.dispose();
    }
  });

  it("writes the same rows again for the same seed", async () => {
    const again = await createTestStore();
    try {
      await seedBulkShop(again.store, { shopId: "bulk", viewers: VIEWERS, orders: ORDERS, seed: 42, now: NOW });
      const digest = async (store: TestStore) =>
        Promise.all(
          [
            sql`select viewer_id, name, birthday, points, growth, created_at from viewers order by viewer_id`,
            sql`select order_id, viewer_id, amount, paid, coupon_code, paid_at, refunded_at, request from orders order by order_id`,
            sql`select viewer_id, idempotency_key, delta, growth_delta, points_after from ledger order by viewer_id, id`,
            sql`select code, viewer_id, state, expires_at from coupons order by code`,
            sql`select viewer_id, updated_at, total_ms from watch_state order by viewer_id`,
          ].map(async (query) => (await query.execute(store.store.db)).rows),
        );
      expect(await digest(again)).toEqual(await digest(test));
    } finally {
      await again.store.close();
      await again.dispose();
    }
  });
});

/** Every index and constraint of the database, and (SQLite) the connection's journal and checks. */
async function schemaOf(store: Store): Promise<unknown> {
  if (store.dialect === "sqlite") {
    return {
      objects: (await sql`select type, name, tbl_name, sql from sqlite_master order by name`.execute(store.db)).rows,
      journal: (await sql`pragma journal_mode`.execute(store.db)).rows,
      foreignKeys: (await sql`pragma foreign_keys`.execute(store.db)).rows,
      synchronous: (await sql`pragma synchronous`.execute(store.db)).rows,
    };
  }
  return {
    indexes: (
      await sql`select tablename, indexname, indexdef from pg_indexes where schemaname = current_schema()
        order by indexname`.execute(store.db)
    ).rows,
    constraints: (
      await sql`select conrelid::regclass::text as table, conname, pg_get_constraintdef(oid) as definition
        from pg_constraint where connamespace = current_schema()::regnamespace order by conname`.execute(store.db)
    ).rows,
    triggers: (
      await sql`select tgname, pg_get_triggerdef(oid) as definition from pg_trigger where not tgisinternal
        order by tgname`.execute(store.db)
    ).rows,
  };
}
