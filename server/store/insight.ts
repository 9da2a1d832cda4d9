import { type QueryCreator, type RawBuilder, sql } from "kysely";
import { MINUTE_MS } from "../shared/time.js";
import { couponCountsBySource } from "./coupon-counts.js";
import type { Executor } from "./executor.js";
import { highIntentCount } from "./intent.js";
import { lastActiveAtOrBefore } from "./last-active.js";
import { type Numeric, numeric, toNumber } from "./numbers.js";
import { cohortRows, firstOrdersBetween, shopRollup } from "./rollups.js";
import type { CouponTemplateRow, Database } from "./schema.js";

/**
 * The dashboard's figures, each one grouped query the database answers from its indexes.
 * Counts and sums are cast to bigint, and each figure is read by toNumber where its row is read,
 * so every function here returns plain numbers on SQLite and Postgres alike.
 */

const count = sql<Numeric>`cast(count(*) as bigint)`;
const countIf = (condition: ReturnType<typeof sql>) =>
  sql<Numeric>`cast(sum(case when ${condition} then 1 else 0 end) as bigint)`;
const sumOf = (expression: ReturnType<typeof sql>) => sql<Numeric>`cast(coalesce(sum(${expression}), 0) as bigint)`;

export const WEEK_MS = 7 * 24 * 3600_000;
/** 1970-01-01 was a Thursday: weeks counted from this offset start on Monday (UTC). */
export const MONDAY_OFFSET_MS = 4 * 24 * 3600_000;

/** Adds verified watch time to the viewer's row for the room's current live; nothing when it is not live. */
export async function addLiveWatch(
  db: Executor,
  roomId: string,
  shopId: string,
  viewerId: string,
  ms: number,
): Promise<void> {
  await liveWatchAdded(db, roomId, shopId, viewerId, ms).execute();
}

/**
 * The statement of addLiveWatch, for a statement that writes it with others (a beat's credit);
 * `when`, a condition beside the room's, must also hold for it to write.
 */
export function liveWatchAdded(
  db: QueryCreator<Database>,
  roomId: string,
  shopId: string,
  viewerId: string,
  ms: number,
  when: RawBuilder<boolean> = sql<boolean>`true`,
) {
  // one statement: the room's current live, if it is live, read where the row is written
  return db
    .insertInto("live_watch")
    .columns(["room_id", "live_started_at", "shop_id", "viewer_id", "watched_ms"])
    .expression(
      db
        .selectFrom("rooms")
        .select((eb) => [
          "rooms.id",
          eb.ref("rooms.live_started_at").$notNull().as("live_started_at"),
          sql<string>`cast(${shopId} as text)`.as("shop_id"),
          sql<string>`cast(${viewerId} as text)`.as("viewer_id"),
          sql<number>`cast(${ms} as bigint)`.as("watched_ms"),
        ])
        .where("rooms.id", "=", roomId)
        .where("rooms.live", "=", 1)
        .where("rooms.live_started_at", "is not", null)
        .where(when),
    )
    .onConflict((oc) =>
      oc
        .columns(["room_id", "live_started_at", "viewer_id"])
        .doUpdateSet((eb) => ({ watched_ms: eb("live_watch.watched_ms", "+", eb.ref("excluded.watched_ms")) })),
    );
}

/** The first sample of each minute stands for that minute. */
export async function sampleViewers(db: Executor, roomId: string, viewers: number, now: number): Promise<void> {
  await db
    .insertInto("room_samples")
    .values({ room_id: roomId, minute: Math.floor(now / MINUTE_MS), viewers })
    .onConflict((oc) => oc.columns(["room_id", "minute"]).doNothing())
    .execute();
}

export async function viewerSamples(db: Executor, roomId: string, since: number) {
  const rows = await db
    .selectFrom("room_samples")
    .select(["minute", "viewers"])
    .where("room_id", "=", roomId)
    .where("minute", ">=", Math.floor(since / MINUTE_MS))
    .orderBy("minute")
    .execute();
  return rows.map((r) => ({ at: r.minute * MINUTE_MS, viewers: r.viewers }));
}

/** Watch-time buckets in minutes, [from, to); the last is open. */
export const WATCH_BUCKETS: readonly [number, number | null][] = [
  [0, 10],
  [10, 30],
  [30, 60],
  [60, null],
];

export async function liveWatch(db: Executor, roomId: string, liveStartedAt: number) {
  const row = await db
    .selectFrom("live_watch")
    .select([
      count.as("viewers"),
      sumOf(sql.ref("watched_ms")).as("total"),
      ...WATCH_BUCKETS.map(([from, to], i) =>
        countIf(
          to === null
            ? sql`watched_ms >= ${from * MINUTE_MS}`
            : sql`watched_ms >= ${from * MINUTE_MS} and watched_ms < ${to * MINUTE_MS}`,
        ).as(`b${i}`),
      ),
    ])
    .where("room_id", "=", roomId)
    .where("live_started_at", "=", liveStartedAt)
    .executeTakeFirstOrThrow();
  const fields = row as unknown as Record<string, Numeric>;
  return {
    viewers: toNumber(row.viewers),
    totalMs: toNumber(row.total),
    distribution: WATCH_BUCKETS.map(([from, to], i) => ({
      fromMinutes: from,
      toMinutes: to,
      viewers: toNumber(fields[`b${i}`]),
    })),
  };
}

/** The room's offers since a time, with what their coupons did afterwards. */
export async function liveOffers(db: Executor, shopId: string, roomId: string, since: number) {
  const offers = await db
    .selectFrom("offers")
    .select(["id", "template_id", "started_at", "stock", "claimed", "sold_out_at"])
    .where("room_id", "=", roomId)
    .where("started_at", ">=", since)
    .orderBy("started_at")
    .orderBy("id")
    .execute();
  if (offers.length === 0) return [];
  const after = await db
    .selectFrom("coupons as c")
    .leftJoin("orders as o", (join) =>
      join.onRef("o.shop_id", "=", "c.shop_id").onRef("o.coupon_code", "=", "c.code").on("o.refunded_at", "is", null),
    )
    .select(["c.source_ref", countIf(sql`c.state = 'redeemed'`).as("redeemed"), sumOf(sql.ref("o.paid")).as("revenue")])
    .where("c.shop_id", "=", shopId)
    .where("c.source", "=", "deal")
    .where(
      "c.source_ref",
      "in",
      offers.map((o) => o.id),
    )
    .groupBy("c.source_ref")
    .execute();
  const byOffer = new Map(after.map((a) => [a.source_ref, numeric(a, "redeemed", "revenue")]));
  return offers.map((o) => ({
    offer: o,
    redeemed: byOffer.get(o.id)?.redeemed ?? 0,
    revenue: byOffer.get(o.id)?.revenue ?? 0,
  }));
}

/** Buyers and repeat buyers, from the shop's roll-up (store/rollups.ts). */
export async function repurchase(db: Executor, shopId: string) {
  const row = await shopRollup(db, shopId);
  return { buyers: row?.buyers ?? 0, repeatBuyers: row?.repeat_buyers ?? 0 };
}

/**
 * First-order cohorts by Monday week, and how many of each came back in each of the four
 * weeks after their first order (an order later than the first, within that week): the
 * roll-up's cohort rows.
 */
export async function cohorts(db: Executor, shopId: string) {
  const rows = await cohortRows(db, shopId);
  return rows.map((r) => ({
    weekStart: r.week * WEEK_MS + MONDAY_OFFSET_MS,
    buyers: r.buyers,
    retained: [r.r0, r.r1, r.r2, r.r3],
  }));
}

/**
 * Viewers per tier, by the tiers' growth thresholds (ascending): one count per tier over its range
 * of the audience index (shop, is_host, growth), which each database answers from the index alone,
 * where one pass summing a case per tier evaluated every case on every row.
 */
export async function tierCounts(db: Executor, shopId: string, tiers: readonly { key: string; threshold: number }[]) {
  const counts = await Promise.all(
    tiers.map(async (tier, i) => {
      const next = tiers[i + 1];
      let query = db
        .selectFrom("viewers")
        .select(count.as("n"))
        .where("shop_id", "=", shopId)
        .where("is_host", "=", 0)
        .where("growth", ">=", tier.threshold);
      if (next) query = query.where("growth", "<", next.threshold);
      return toNumber((await query.executeTakeFirstOrThrow()).n);
    }),
  );
  return tiers.map((tier, i) => ({ tier: tier.key, viewers: counts[i] ?? 0 }));
}

/**
 * Segment sizes by the rules of domain/segments.ts, each from an index range: new buyers from the
 * roll-ups' first orders, the dormant from the members per day of last activity (store/last-active.ts),
 * high intent from its pairs (store/intent.ts).
 */
export async function segmentSizes(
  db: Executor,
  shopId: string,
  now: number,
  rules: { newBuyerMs: number; dormantMs: number; highIntentWindowMs: number },
) {
  const [newBuyer, dormant, highIntent] = await Promise.all([
    firstOrdersBetween(db, shopId, now - rules.newBuyerMs, now),
    lastActiveAtOrBefore(db, shopId, now - rules.dormantMs),
    highIntentCount(db, shopId, { since: now - rules.highIntentWindowMs, now }),
  ]);
  return { highIntent, newBuyer, dormant };
}

/** Coupons issued and redeemed per source: the sums of their counts (store/coupon-counts.ts). */
export const couponsBySource = couponCountsBySource;

export async function revenue(db: Executor, shopId: string) {
  const row = await shopRollup(db, shopId);
  return {
    total: row?.revenue ?? 0,
    withCoupon: row?.coupon_revenue ?? 0,
    ordersWithCoupon: row?.coupon_orders ?? 0,
  };
}

/** Templates by id, retired ones too: what the dashboard's offers and experiment arms are named by. */
export async function templatesById(
  db: Executor,
  shopId: string,
  ids: readonly string[],
): Promise<CouponTemplateRow[]> {
  if (ids.length === 0) return [];
  return (
    db
      .selectFrom("coupon_templates")
      .selectAll()
      .where("shop_id", "=", shopId)
      .where("id", "in", [...new Set(ids)])
      // templates made in the same millisecond still come back in one order, on either database
      .orderBy("created_at")
      .orderBy("id")
      .execute()
  );
}

/** Verified watch time of each live that started since an instant, counted on the day it started. */
export async function watchByLiveSince(db: Executor, shopId: string, since: number) {
  const rows = await db
    .selectFrom("live_watch")
    .select(["live_started_at as at", sumOf(sql.ref("watched_ms")).as("ms")])
    .where("shop_id", "=", shopId)
    .where("live_started_at", ">=", since)
    .groupBy("live_started_at")
    .execute();
  return rows.map((r) => ({ at: r.at, ms: toNumber(r.ms) }));
}
