import { sql } from "kysely";
import type { Segment } from "../../protocol/index.js";
import { DAY_MS } from "../shared/time.js";
import { amongListed, type Executor } from "./executor.js";
import { type Numeric, toNumber } from "./numbers.js";
import { runPrepared } from "./prepared.js";
import type { CouponRow, LifecycleMark, SegmentMembershipRow, TouchRow, TouchStatus, ViewersTable } from "./schema.js";

/*
 * The lifecycle engine's reads and writes. A sweep walks a shop's viewers in chunks by viewer id
 * and reads each kind of fact for the whole chunk in one indexed query (the chunk's ids through
 * `amongListed`), so the number of statements grows with the chunks, never with the viewers, and
 * memory holds one chunk's facts at a time. A sweep runs a chunk's reads together
 * (lifecycle-chunk.ts); each is also run alone where one fact is wanted.
 */

export type ViewerFacts = Pick<ViewersTable, "viewer_id" | "name" | "birthday" | "points" | "growth" | "created_at">;

/** The next chunk of the shop's audience (hosts left out) after `after`, by viewer id. */
export async function viewerChunk(db: Executor, shopId: string, after: string, limit: number): Promise<ViewerFacts[]> {
  return db
    .selectFrom("viewers")
    .select(["viewer_id", "name", "birthday", "points", "growth", "created_at"])
    .where("shop_id", "=", shopId)
    .where("viewer_id", ">", after)
    .where("is_host", "=", 0)
    .orderBy("viewer_id")
    .limit(limit)
    .execute();
}

/**
 * The chunk's orders that still stand, each viewer's oldest first (first order, last order,
 * purchases), with the Encore coupon that paid part of each. Ordered by viewer before time so
 * the plan walks the viewer index: ordered by time alone, SQLite reads every order of the shop by
 * the time index for each chunk.
 */
export async function ordersOf(db: Executor, shopId: string, viewerIds: readonly string[]) {
  if (viewerIds.length === 0) return [];
  return runPrepared(db, ordersRead(db, shopId, viewerIds));
}

/** The read of `ordersOf`, to be run alone or with a chunk's other reads (lifecycle-chunk.ts). */
export const ordersRead = (db: Executor, shopId: string, viewerIds: readonly string[]) =>
  db
    .selectFrom("orders")
    .select(["viewer_id", "order_id", "paid_at", "paid", "coupon_code"])
    .where("shop_id", "=", shopId)
    .where(amongListed(db, "viewer_id", viewerIds))
    .where("refunded_at", "is", null)
    .orderBy("viewer_id")
    .orderBy("paid_at");

/**
 * What the given orders sold, line by line. Asked by the lines' key for orders already read: asked
 * as one join with the orders, Postgres put a chunk's orders at sixteen times what they were and
 * scanned every line of the shop instead (0.46 s a chunk of 500 at a million members).
 */
export async function linesOf(db: Executor, shopId: string, orderIds: readonly string[]) {
  const lines: { order_id: string; line: number; sku: string }[] = [];
  for (let i = 0; i < orderIds.length; i += LINES_ORDERS_PER_STATEMENT) {
    lines.push(...(await runPrepared(db, linesRead(db, shopId, orderIds.slice(i, i + LINES_ORDERS_PER_STATEMENT)))));
  }
  return lines;
}

/** The read of `linesOf` for one statement's orders (on Postgres, any number of them: one array). */
export const linesRead = (db: Executor, shopId: string, orderIds: readonly string[]) =>
  db
    .selectFrom("order_items")
    .select(["order_id", "line", "sku"])
    .where("shop_id", "=", shopId)
    .where(amongListed(db, "order_id", orderIds));

/** The shop's products that are used up: their days and names, for replenishment reminders. */
export async function usedUpProductsOf(db: Executor, shopId: string) {
  return db
    .selectFrom("products")
    .select(["sku", "usage_days", "name"])
    .where("shop_id", "=", shopId)
    .where("usage_days", "is not", null)
    .execute();
}

/** Orders whose lines one statement asks for: well within both databases' bound on parameters. */
const LINES_ORDERS_PER_STATEMENT = 2000;

/** What the rules read of a coupon: whose, which, named how, and its state and dates. */
export type LifecycleCoupon = Pick<
  CouponRow,
  "viewer_id" | "code" | "name" | "source" | "source_ref" | "state" | "issued_at" | "expires_at"
>;

/** The chunk's coupons that may still be used, and those of its first orders (the thank-you names them). */
export const couponsRead = (db: Executor, shopId: string, viewerIds: readonly string[], now: number) =>
  db
    .selectFrom("coupons")
    .select(["viewer_id", "code", "name", "source", "source_ref", "state", "issued_at", "expires_at"])
    .where("shop_id", "=", shopId)
    .where(amongListed(db, "viewer_id", viewerIds))
    .where((eb) =>
      eb.or([eb.and([eb("state", "=", "issued"), eb("expires_at", ">", now)]), eb("source", "=", "first_order")]),
    );

/**
 * Per viewer of the chunk, when verified watching was last credited and how much was verified in
 * all: one read for the rules (the last) and the segments (the total).
 */
export async function watchingOf(
  db: Executor,
  shopId: string,
  viewerIds: readonly string[],
): Promise<{ lastWatch: Map<string, number>; watchedMs: Map<string, number> }> {
  return watchingBy(viewerIds.length === 0 ? [] : await runPrepared(db, watchingRead(db, shopId, viewerIds)));
}

export const watchingRead = (db: Executor, shopId: string, viewerIds: readonly string[]) =>
  db
    .selectFrom("watch_state")
    .select(["viewer_id", "updated_at", "total_ms"])
    .where("shop_id", "=", shopId)
    .where(amongListed(db, "viewer_id", viewerIds));

/** The rows of `watchingRead` by viewer: the last credit, and the time in all. */
export function watchingBy(rows: readonly { viewer_id: string; updated_at: number; total_ms: number }[]) {
  const lastWatch = new Map<string, number>();
  const watchedMs = new Map<string, number>();
  for (const row of rows) {
    lastWatch.set(row.viewer_id, row.updated_at);
    watchedMs.set(row.viewer_id, row.total_ms);
  }
  return { lastWatch, watchedMs };
}

/**
 * The chunk's ledger summed per viewer and day (UTC), each viewer's days in time order: what the
 * points expiry, the tier entries and the tier window read, in one statement instead of one each
 * (every one of them walked the same entries by the viewer index). Per day: the last entry that
 * earned or spent points (an expiry is not activity), the last growth change with the day's
 * growth (`total`, and `earned` without the window's own downgrades: a day's growth counts from
 * its last change, so it ages out no earlier than any part of it would), the last expiry, and
 * per threshold the first entry that added growth and left it at or above that threshold.
 */
export const ledgerDaysRead = (
  db: Executor,
  shopId: string,
  viewerIds: readonly string[],
  thresholds: readonly number[],
) =>
  db
    .selectFrom("ledger")
    .select([
      "viewer_id",
      sql<Numeric | null>`max(case when reason != 'expire' and delta != 0 then created_at end)`.as("activity_at"),
      sql<Numeric | null>`max(case when growth_delta != 0 then created_at end)`.as("growth_at"),
      sql<Numeric>`sum(growth_delta)`.as("total"),
      sql<Numeric>`sum(case when reason = 'tier_window' then 0 else growth_delta end)`.as("earned"),
      sql<Numeric | null>`max(case when reason = 'expire' then created_at end)`.as("expired_at"),
    ])
    .select(
      thresholds.map((threshold, i) =>
        sql<Numeric | null>`min(case when growth_delta > 0 and growth_after >= ${threshold} then created_at end)`.as(
          `t${i}`,
        ),
      ),
    )
    .where("shop_id", "=", shopId)
    .where(amongListed(db, "viewer_id", viewerIds))
    .groupBy(["viewer_id", sql`created_at / ${sql.lit(DAY_MS)}`])
    .orderBy("viewer_id")
    .orderBy(sql`max(created_at)`);

/** The rows of `ledgerDaysRead` for `thresholds`, as days. */
export function ledgerDays(
  rows: readonly {
    viewer_id: string;
    activity_at: Numeric | null;
    growth_at: Numeric | null;
    total: Numeric;
    earned: Numeric;
    expired_at: Numeric | null;
  }[],
  thresholds: readonly number[],
): LedgerDay[] {
  const at = (value: Numeric | null | undefined) => (value === null || value === undefined ? null : toNumber(value));
  return rows.map((row) => {
    const cells = row as unknown as Record<string, Numeric | null>;
    return {
      viewer_id: row.viewer_id,
      activityAt: at(row.activity_at),
      growthAt: at(row.growth_at),
      total: toNumber(row.total),
      earned: toNumber(row.earned),
      expiredAt: at(row.expired_at),
      reached: thresholds.map((_, i) => at(cells[`t${i}`])),
    };
  });
}

/** A viewer's ledger on one day, summed (`ledgerDaysRead`). */
export interface LedgerDay {
  viewer_id: string;
  /** the last entry that earned or spent points; null when none did that day */
  activityAt: number | null;
  /** the last entry that changed growth; null when none did */
  growthAt: number | null;
  total: number;
  earned: number;
  /** the last expiry of points; null when none */
  expiredAt: number | null;
  /** per threshold asked, the first entry that added growth and left it at or above the threshold */
  reached: (number | null)[];
}

/** The viewers' expiries of points, oldest first (`expiries` reads how much each took). */
export const expiriesRead = (db: Executor, shopId: string, viewerIds: readonly string[]) =>
  db
    .selectFrom("ledger")
    .select(["viewer_id", "delta", "created_at"])
    .where("shop_id", "=", shopId)
    .where(amongListed(db, "viewer_id", viewerIds))
    .where("reason", "=", "expire")
    .orderBy("id");

export const expiries = (rows: readonly { viewer_id: string; delta: number; created_at: number }[]) =>
  rows.map((r) => ({ viewer_id: r.viewer_id, at: r.created_at, amount: -r.delta }));

/** Every touch of the chunk's viewers, with what the sweep needs to decide again. */
export const touchesRead = (db: Executor, shopId: string, viewerIds: readonly string[]) =>
  db
    .selectFrom("touches")
    .select(["id", "viewer_id", "key", "status", "sent_at"])
    .where("shop_id", "=", shopId)
    .where(amongListed(db, "viewer_id", viewerIds));

/** Those of the chunk's viewers who opted out of every touch. */
export const optedOutRead = (db: Executor, shopId: string, viewerIds: readonly string[]) =>
  db
    .selectFrom("contact_prefs")
    .select("viewer_id")
    .where("shop_id", "=", shopId)
    .where(amongListed(db, "viewer_id", viewerIds))
    .where("opted_out", "=", 1);

export type NewTouch = Omit<TouchRow, "sent_at" | "held_at" | "seen_at" | "words" | "coupon_code">;
/** A touch as it is when sent: its words and coupon, and when it went. */
export type SentTouch = NewTouch & Pick<TouchRow, "words" | "coupon_code" | "sent_at">;

/** Rows per multi-row statement: well inside SQLite's and Postgres' bound-parameter limits. */
const ROWS_PER_STATEMENT = 200;

/** One row per (viewer, key), the last given winning: an upsert may not touch a row twice. */
function oncePerKey<T extends { viewer_id: string; key: string }>(rows: readonly T[]): T[] {
  return [...new Map(rows.map((row) => [`${row.viewer_id}\n${row.key}`, row])).values()];
}

/**
 * Records touches that are not sent (held out, held back, deferred, cancelled), or moves unsent
 * ones to their new state, a few hundred to a statement. A sent or held-out touch is never
 * moved: the guard keeps a late sweep from undoing it.
 */
export async function recordTouches(db: Executor, touches: readonly NewTouch[]): Promise<void> {
  const rows = oncePerKey(touches);
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    await db
      .insertInto("touches")
      .values(
        rows.slice(i, i + ROWS_PER_STATEMENT).map((touch) => ({
          ...touch,
          sent_at: null,
          held_at: touch.status === "held" ? touch.updated_at : null,
          seen_at: null,
          words: null,
          coupon_code: null,
        })),
      )
      .onConflict((oc) =>
        oc
          .columns(["shop_id", "viewer_id", "key"])
          .doUpdateSet((eb) => ({
            status: eb.ref("excluded.status"),
            reason: eb.ref("excluded.reason"),
            updated_at: eb.ref("excluded.updated_at"),
            held_at: eb.fn.coalesce("touches.held_at", eb.ref("excluded.held_at")),
          }))
          .where("touches.status", "not in", ["sent", "holdout"]),
      )
      .execute();
  }
}

/** Unsent touches whose reason went away, by id: they are never sent. */
export async function cancelTouches(
  db: Executor,
  shopId: string,
  ids: readonly string[],
  reason: string,
  now: number,
): Promise<void> {
  for (let i = 0; i < ids.length; i += ROWS_PER_STATEMENT) {
    await db
      .updateTable("touches")
      .set({ status: "cancelled", reason, updated_at: now })
      // `|| ''`: by the touches' key, not the open touches' index (shop, status). Given a score of
      // ids, SQLite chose that one and walked every open touch of the shop for each statement
      // (thousands at a million)
      .where(sql<string>`shop_id || ''`, "=", shopId)
      .where("id", "in", ids.slice(i, i + ROWS_PER_STATEMENT))
      .where(sql<string>`status || ''`, "in", ["pending", "deferred", "held"])
      .execute();
  }
}

/**
 * Stores touches as sent inside the send's transaction: inserted if new, else moved to sent
 * only if nothing sent (or held out, or cancelled) them before. Answers the rows it stored;
 * a touch missing from the answer was already decided, and the caller rolls its transaction
 * back so no coupon or webhook goes twice. The guard is evaluated against the committed row,
 * so two nodes racing for a touch cannot both store it.
 */
export async function storeSentTouches(db: Executor, touches: readonly SentTouch[]): Promise<TouchRow[]> {
  const rows = oncePerKey(touches);
  const stored: TouchRow[] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    stored.push(
      ...(await db
        .insertInto("touches")
        .values(rows.slice(i, i + ROWS_PER_STATEMENT).map((touch) => ({ ...touch, held_at: null, seen_at: null })))
        .onConflict((oc) =>
          oc
            .columns(["shop_id", "viewer_id", "key"])
            .doUpdateSet((eb) => ({
              status: eb.ref("excluded.status"),
              reason: eb.ref("excluded.reason"),
              words: eb.ref("excluded.words"),
              coupon_code: eb.ref("excluded.coupon_code"),
              params: eb.ref("excluded.params"),
              template_id: eb.ref("excluded.template_id"),
              sent_at: eb.ref("excluded.sent_at"),
              updated_at: eb.ref("excluded.updated_at"),
            }))
            .where("touches.status", "not in", ["sent", "holdout", "cancelled"]),
        )
        .returningAll()
        .execute()),
    );
  }
  return stored;
}

// ---- leases -------------------------------------------------------------------------------

/**
 * Takes or renews the shop's sweep lease for `holder` until `until`, and says whether it holds it:
 * a lease held by another node is only taken once its time ran out (that node died or stalled).
 */
export async function takeLease(
  db: Executor,
  shopId: string,
  holder: string,
  now: number,
  until: number,
): Promise<boolean> {
  await db
    .insertInto("sweep_leases")
    .values({ shop_id: shopId, holder, until })
    .onConflict((oc) =>
      oc
        .column("shop_id")
        .doUpdateSet({ holder, until })
        .where((eb) => eb.or([eb("sweep_leases.holder", "=", holder), eb("sweep_leases.until", "<=", now)])),
    )
    .execute();
  const row = await db.selectFrom("sweep_leases").select("holder").where("shop_id", "=", shopId).executeTakeFirst();
  return row?.holder === holder;
}

export async function releaseLease(db: Executor, shopId: string, holder: string): Promise<void> {
  await db.deleteFrom("sweep_leases").where("shop_id", "=", shopId).where("holder", "=", holder).execute();
}

// ---- the inbox ----------------------------------------------------------------------------

/** The viewer's sent touches, newest first. */
export async function sentTouches(db: Executor, shopId: string, viewerId: string, limit: number): Promise<TouchRow[]> {
  return db
    .selectFrom("touches")
    .selectAll()
    .where("shop_id", "=", shopId)
    .where("viewer_id", "=", viewerId)
    .where("status", "=", "sent")
    .orderBy("sent_at", "desc")
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
}

/** Coupons by code, for the touches that carry them. */
export async function couponsByCode(db: Executor, shopId: string, codes: string[]): Promise<Map<string, CouponRow>> {
  if (codes.length === 0) return new Map();
  const rows = await db
    .selectFrom("coupons")
    .selectAll()
    .where("shop_id", "=", shopId)
    .where("code", "in", codes)
    .execute();
  return new Map(rows.map((row) => [row.code, row]));
}

/** Every touch of the viewer, whatever became of it, newest decision first: the shop's support view. */
export async function viewerTouches(db: Executor, shopId: string, viewerId: string, limit: number) {
  return db
    .selectFrom("touches")
    .selectAll()
    .where("shop_id", "=", shopId)
    .where("viewer_id", "=", viewerId)
    .orderBy("updated_at", "desc")
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
}

export async function countUnseen(db: Executor, shopId: string, viewerId: string): Promise<number> {
  const row = await db
    .selectFrom("touches")
    .select(sql<Numeric>`cast(count(*) as bigint)`.as("n"))
    .where("shop_id", "=", shopId)
    .where("viewer_id", "=", viewerId)
    .where("status", "=", "sent")
    .where("seen_at", "is", null)
    .executeTakeFirstOrThrow();
  return toNumber(row.n);
}

/** Marks the viewer's own sent touches among `ids` seen; other viewers' ids change nothing. */
export async function markSeen(db: Executor, shopId: string, viewerId: string, ids: string[], now: number) {
  if (ids.length === 0) return;
  await db
    .updateTable("touches")
    .set({ seen_at: now })
    .where("shop_id", "=", shopId)
    .where("viewer_id", "=", viewerId)
    .where("id", "in", ids)
    .where("status", "=", "sent")
    .where("seen_at", "is", null)
    .execute();
}

export async function isOptedOut(db: Executor, shopId: string, viewerId: string): Promise<boolean> {
  return (await optedOutRead(db, shopId, [viewerId]).executeTakeFirst()) !== undefined;
}

export async function saveOptOut(db: Executor, shopId: string, viewerId: string, optOut: boolean, now: number) {
  await db
    .insertInto("contact_prefs")
    .values({ shop_id: shopId, viewer_id: viewerId, opted_out: optOut ? 1 : 0, updated_at: now })
    .onConflict((oc) =>
      oc.columns(["shop_id", "viewer_id"]).doUpdateSet({ opted_out: optOut ? 1 : 0, updated_at: now }),
    )
    .execute();
}

// ---- the report ---------------------------------------------------------------------------

const countDistinctViewers = sql<Numeric>`cast(count(distinct t.viewer_id) as bigint)`;

/**
 * Per automation: viewers touched and viewers held out (by status), and touches kept back: held
 * by the budget or an opt-out and not sent since (still waiting, or expired waiting).
 */
export async function touchCounts(db: Executor, shopId: string) {
  const rows = await db
    .selectFrom("touches as t")
    .select(["t.automation", "t.status", countDistinctViewers.as("viewers")])
    .where("t.shop_id", "=", shopId)
    .where("t.status", "in", ["sent", "holdout"])
    .groupBy(["t.automation", "t.status"])
    .execute();
  const held = await db
    .selectFrom("touches as t")
    .select(["t.automation", sql<Numeric>`cast(count(*) as bigint)`.as("n")])
    .where("t.shop_id", "=", shopId)
    .where("t.status", "in", ["held", "cancelled"])
    .where("t.held_at", "is not", null)
    .groupBy("t.automation")
    .execute();
  return {
    viewers: rows.map((r) => ({
      automation: r.automation,
      status: r.status as TouchStatus,
      viewers: toNumber(r.viewers),
    })),
    heldBack: new Map(held.map((r) => [r.automation, toNumber(r.n)])),
  };
}

/** Per automation: coupons its touches carried that were redeemed. */
export async function redeemedByAutomation(db: Executor, shopId: string) {
  const rows = await db
    .selectFrom("touches as t")
    .innerJoin("coupons as c", (join) =>
      join.onRef("c.shop_id", "=", "t.shop_id").onRef("c.code", "=", "t.coupon_code"),
    )
    .select(["t.automation", sql<Numeric>`cast(count(*) as bigint)`.as("n")])
    .where("t.shop_id", "=", shopId)
    .where("t.status", "=", "sent")
    .where("c.state", "=", "redeemed")
    .groupBy("t.automation")
    .execute();
  return new Map(rows.map((r) => [r.automation, toNumber(r.n)]));
}

/**
 * Orders that still stand, paid within `windowMs` after a touch (sent) or after the moment a
 * holdout viewer would have been touched: one row per automation, side and order.
 */
export async function ordersAfterTouches(db: Executor, shopId: string, windowMs: number) {
  const at = sql<number>`coalesce(t.sent_at, t.created_at)`;
  const rows = await db
    .selectFrom("touches as t")
    .innerJoin("orders as o", (join) =>
      join.onRef("o.shop_id", "=", "t.shop_id").onRef("o.viewer_id", "=", "t.viewer_id"),
    )
    .select(["t.automation", "t.status", "t.viewer_id", "o.order_id", "o.paid"])
    .distinct()
    .where("t.shop_id", "=", shopId)
    .where("t.status", "in", ["sent", "holdout"])
    .where("o.refunded_at", "is", null)
    .where("o.paid_at", ">", at)
    .where("o.paid_at", "<=", sql<number>`${at} + ${windowMs}`)
    .execute();
  return rows;
}

// ---- segments -----------------------------------------------------------------------------

/** The chunk's product clicks since `since`. */
export async function clicksOf(db: Executor, shopId: string, viewerIds: readonly string[], since: number) {
  if (viewerIds.length === 0) return [];
  return runPrepared(db, clicksRead(db, shopId, viewerIds, since));
}

export const clicksRead = (db: Executor, shopId: string, viewerIds: readonly string[], since: number) =>
  db
    .selectFrom("clicks")
    .select(["viewer_id", "sku", "at"])
    .where("shop_id", "=", shopId)
    .where(amongListed(db, "viewer_id", viewerIds))
    .where("at", ">=", since);

/**
 * The least a buyer spent since `since` to be among the top `topPercent` of the shop's buyers by
 * spend (domain `topSpenderCut`, in two queries the database answers without handing every total over).
 */
export async function spenderCut(db: Executor, shopId: string, since: number, topPercent: number) {
  const totals = db
    .selectFrom("orders")
    .select(["viewer_id", sql<Numeric>`sum(paid)`.as("spent")])
    .where("shop_id", "=", shopId)
    .where("refunded_at", "is", null)
    .where("paid_at", ">=", since)
    .groupBy("viewer_id")
    .having(sql`sum(paid)`, ">", 0);
  const counted = await db
    .selectFrom(totals.as("s"))
    .select(sql<Numeric>`cast(count(*) as bigint)`.as("n"))
    .executeTakeFirstOrThrow();
  const buyers = toNumber(counted.n);
  if (buyers === 0) return null;
  const rank = Math.max(1, Math.ceil((buyers * topPercent) / 100));
  const row = await db
    .selectFrom(totals.as("s"))
    .select("s.spent")
    .orderBy("s.spent", "desc")
    .limit(1)
    .offset(rank - 1)
    .executeTakeFirst();
  return row ? toNumber(row.spent) : null;
}

// ---- segment memberships ------------------------------------------------------------------

/** The segments the chunk's viewers were in at the last reading. */
export const segmentMembershipsRead = (db: Executor, shopId: string, viewerIds: readonly string[]) =>
  db
    .selectFrom("segment_memberships")
    .select(["viewer_id", "segment", "entered_at", "baseline"])
    .where("shop_id", "=", shopId)
    .where(amongListed(db, "viewer_id", viewerIds));

/** Writes a reading's changes: memberships entered are added, those left removed, a few hundred to a statement. */
export async function saveSegmentChanges(
  db: Executor,
  shopId: string,
  entered: readonly Omit<SegmentMembershipRow, "shop_id">[],
  left: readonly { viewer_id: string; segment: Segment }[],
): Promise<void> {
  for (let i = 0; i < entered.length; i += ROWS_PER_STATEMENT) {
    await db
      .insertInto("segment_memberships")
      .values(entered.slice(i, i + ROWS_PER_STATEMENT).map((row) => ({ ...row, shop_id: shopId })))
      .onConflict((oc) => oc.columns(["shop_id", "viewer_id", "segment"]).doNothing())
      .execute();
  }
  const bySegment = new Map<Segment, string[]>();
  for (const { viewer_id, segment } of left) bySegment.set(segment, [...(bySegment.get(segment) ?? []), viewer_id]);
  for (const [segment, viewerIds] of bySegment) {
    for (let i = 0; i < viewerIds.length; i += ROWS_PER_STATEMENT) {
      await db
        .deleteFrom("segment_memberships")
        .where("shop_id", "=", shopId)
        .where("segment", "=", segment)
        .where("viewer_id", "in", viewerIds.slice(i, i + ROWS_PER_STATEMENT))
        .execute();
    }
  }
}

// ---- marks --------------------------------------------------------------------------------

export async function lifecycleMarks(db: Executor, shopId: string): Promise<Map<LifecycleMark, number>> {
  const rows = await db.selectFrom("lifecycle_marks").select(["mark", "at"]).where("shop_id", "=", shopId).execute();
  return new Map(rows.map((r) => [r.mark, r.at]));
}

/** Sets a mark unless it is set: the first moment is the one remembered. */
export async function setLifecycleMark(db: Executor, shopId: string, mark: LifecycleMark, at: number): Promise<void> {
  await db
    .insertInto("lifecycle_marks")
    .values({ shop_id: shopId, mark, at })
    .onConflict((oc) => oc.columns(["shop_id", "mark"]).doNothing())
    .execute();
}

/** Sets a mark to `at`, whatever it was. */
export async function putLifecycleMark(db: Executor, shopId: string, mark: LifecycleMark, at: number): Promise<void> {
  await db
    .insertInto("lifecycle_marks")
    .values({ shop_id: shopId, mark, at })
    .onConflict((oc) => oc.columns(["shop_id", "mark"]).doUpdateSet({ at }))
    .execute();
}

export async function clearLifecycleMark(db: Executor, shopId: string, mark: LifecycleMark): Promise<void> {
  await db.deleteFrom("lifecycle_marks").where("shop_id", "=", shopId).where("mark", "=", mark).execute();
}
