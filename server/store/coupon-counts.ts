import { type Kysely, sql } from "kysely";
import type { Executor } from "./executor.js";
import { type Numeric, numeric } from "./numbers.js";
import type { CouponRow } from "./schema.js";

/**
 * Coupons issued and redeemed per source (migration 0033), moved by store/coupons.ts's one insert
 * and one update path in the writer's transaction. Each shop and source has COUPON_SHARDS rows,
 * summed when read; a batch of coupons counts in the one its first code hashes to, so concurrent
 * claims mostly lock different rows, and a batch moves one row per source rather than one per
 * shard its codes fall in (a sweep writes its sends a few at a time, each batch a statement less
 * per shard).
 */
export const COUPON_SHARDS = 8;

export function shardOf(code: string): number {
  let hash = 0;
  for (let i = 0; i < code.length; i++) hash = (hash * 31 + code.charCodeAt(i)) >>> 0;
  return hash % COUPON_SHARDS;
}

type CountChange = { shop_id: string; source: string; code: string; issued: number; redeemed: number };

/**
 * The upserts that move the counts by these changes, one per shop and source (Postgres applies
 * only one change to a row per statement, so a row never appears twice), in key order so two
 * writers touching the same shards lock them in the same order. Unexecuted: the one coupon insert
 * path sends them with its coupons, in one statement on Postgres (store/together.ts).
 */
export function couponCountUpserts(db: Executor, changes: readonly CountChange[]) {
  const sums = new Map<string, { shop_id: string; source: string; shard: number; issued: number; redeemed: number }>();
  for (const c of changes) {
    const key = JSON.stringify([c.shop_id, c.source]);
    const sum = sums.get(key) ?? {
      shop_id: c.shop_id,
      source: c.source,
      shard: shardOf(c.code),
      issued: 0,
      redeemed: 0,
    };
    sum.issued += c.issued;
    sum.redeemed += c.redeemed;
    sums.set(key, sum);
  }
  return [...sums]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .filter(([, row]) => row.issued !== 0 || row.redeemed !== 0)
    .map(([, row]) =>
      db
        .insertInto("coupon_counts")
        .values(row)
        .onConflict((oc) =>
          oc.columns(["shop_id", "source", "shard"]).doUpdateSet((eb) => ({
            issued: eb("coupon_counts.issued", "+", eb.ref("excluded.issued")),
            redeemed: eb("coupon_counts.redeemed", "+", eb.ref("excluded.redeemed")),
          })),
        ),
    );
}

export async function addCouponCounts(db: Executor, changes: readonly CountChange[]): Promise<void> {
  for (const upsert of couponCountUpserts(db, changes)) await upsert.execute();
}

/** What new coupon rows add. */
export function countsOfNew(rows: readonly CouponRow[]) {
  return rows.map((r) => ({
    shop_id: r.shop_id,
    source: r.source,
    code: r.code,
    issued: 1,
    redeemed: r.state === "redeemed" ? 1 : 0,
  }));
}

export async function couponCountsBySource(db: Executor, shopId: string) {
  const rows = await db
    .selectFrom("coupon_counts")
    .select([
      "source",
      sql<Numeric>`cast(sum(issued) as bigint)`.as("issued"),
      sql<Numeric>`cast(sum(redeemed) as bigint)`.as("redeemed"),
    ])
    .where("shop_id", "=", shopId)
    .groupBy("source")
    .having(sql`sum(issued)`, ">", 0)
    .execute();
  return rows.map((r) => ({ source: r.source, ...numeric(r, "issued", "redeemed") }));
}

/** The counts of every shop (or one) made again from the coupons: migration 0033's backfill, the bulk seeder's. */
export async function rebuildCouponCounts(db: Kysely<unknown>, shopId?: string): Promise<void> {
  const only = shopId === undefined ? sql`` : sql`and shop_id = ${shopId}`;
  await sql`delete from coupon_counts where 1 = 1 ${only}`.execute(db);
  // all in shard 0: the shards only spread the writers' locks, and any split sums the same
  await sql`
    insert into coupon_counts (shop_id, source, shard, issued, redeemed)
    select shop_id, source, 0, count(*), sum(case when state = 'redeemed' then 1 else 0 end)
    from coupons where 1 = 1 ${only}
    group by shop_id, source`.execute(db);
}
