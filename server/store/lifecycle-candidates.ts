import { type RawBuilder, type SqlBool, sql } from "kysely";
import type { Segment } from "../../protocol/index.js";
import { amongListed, type Executor } from "./executor.js";
import { linesOf, type ViewerFacts } from "./lifecycle.js";
import { type Numeric, toNumber } from "./numbers.js";
import { runPrepared } from "./prepared.js";
import { dialectOf } from "./together.js";

/*
 * The narrowed sweep's reads: which viewers something can be due for, each through an index on
 * the date it looks at (migration 0031), answering viewer ids only. The sweep then reads those
 * viewers' facts a chunk at a time exactly as a full sweep reads everyone's.
 */

type Ids = Promise<string[]>;
/** Stored instants in [from, to] (the domain's candidate windows). */
interface Span {
  from: number;
  to: number;
}

const ids = (rows: readonly { viewer_id: string }[]) => rows.map((r) => r.viewer_id);

/** The viewers one read finds in each span, one span after another (each an index range). */
async function eachSpan(spans: readonly Span[], read: (span: Span) => Promise<{ viewer_id: string }[]>): Ids {
  const out: string[] = [];
  for (const span of spans) out.push(...ids(await read(span)));
  return out;
}

/**
 * Viewers with an order standing (not refunded) paid within the span that has a line of one of the
 * skus. Two steps: the span's orders by the time index, then their lines by the lines' key,
 * filtered here. Asked as one join, Postgres hashed the span's orders and scanned every line of
 * the shop for each span (0.4 s a span at a million members); asked for the skus, SQLite walks
 * every line of them by the sku index instead of the span's few orders.
 */
export async function linesPaidWithin(db: Executor, shopId: string, span: Span, skus: readonly string[]): Ids {
  if (skus.length === 0) return [];
  const orders = await db
    .selectFrom("orders")
    .select(["order_id", "viewer_id"])
    .where("shop_id", "=", shopId)
    .where("paid_at", ">=", span.from)
    .where("paid_at", "<=", span.to)
    .where("refunded_at", "is", null)
    .execute();
  const buyerOf = new Map(orders.map((o) => [o.order_id, o.viewer_id]));
  const wanted = new Set(skus);
  const out: string[] = [];
  for (const line of await linesOf(db, shopId, [...buyerOf.keys()])) {
    const buyer = buyerOf.get(line.order_id);
    if (buyer !== undefined && wanted.has(line.sku)) out.push(buyer);
  }
  return out;
}

/**
 * Viewers whose first (`first`) or last standing order was paid within one of the spans: no
 * standing order of theirs was paid before it (after it).
 */
export async function endOrdersWithin(
  db: Executor,
  shopId: string,
  spans: readonly Span[],
  end: "first" | "last",
): Ids {
  return eachSpan(spans, (span) =>
    db
      .selectFrom("orders as o")
      .select("o.viewer_id")
      .distinct()
      .where("o.shop_id", "=", shopId)
      .where("o.paid_at", ">=", span.from)
      .where("o.paid_at", "<=", span.to)
      .where("o.refunded_at", "is", null)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom("orders as other")
              .select("other.order_id")
              .whereRef("other.shop_id", "=", "o.shop_id")
              .whereRef("other.viewer_id", "=", "o.viewer_id")
              .where("other.refunded_at", "is", null)
              .whereRef("other.paid_at", end === "first" ? "<" : ">", "o.paid_at"),
          ),
        ),
      )
      .execute(),
  );
}

/** Viewers whose watching was last credited within one of the spans. */
export async function watchedWithin(db: Executor, shopId: string, spans: readonly Span[]): Ids {
  return eachSpan(spans, (span) =>
    db
      .selectFrom("watch_state")
      .select("viewer_id")
      .where("shop_id", "=", shopId)
      .where("updated_at", ">=", span.from)
      .where("updated_at", "<=", span.to)
      .execute(),
  );
}

/** Viewers first seen within one of the spans. */
export async function createdWithin(db: Executor, shopId: string, spans: readonly Span[]): Ids {
  return eachSpan(spans, (span) =>
    db
      .selectFrom("viewers")
      .select("viewer_id")
      .where("shop_id", "=", shopId)
      .where("created_at", ">=", span.from)
      .where("created_at", "<=", span.to)
      .execute(),
  );
}

/** Viewers holding an unused coupon that expires within one of the spans. */
export async function couponsExpiringWithin(db: Executor, shopId: string, spans: readonly Span[]): Ids {
  return eachSpan(spans, (span) =>
    db
      .selectFrom("coupons")
      .select("viewer_id")
      .distinct()
      .where("shop_id", "=", shopId)
      .where("expires_at", ">=", span.from)
      .where("expires_at", "<=", span.to)
      .where("state", "=", "issued")
      .execute(),
  );
}

/** Viewers with a ledger entry written within one of the spans. */
export async function ledgerWithin(db: Executor, shopId: string, spans: readonly Span[]): Ids {
  return eachSpan(spans, (span) =>
    db
      .selectFrom("ledger")
      .select("viewer_id")
      .distinct()
      .where("shop_id", "=", shopId)
      .where("created_at", ">=", span.from)
      .where("created_at", "<=", span.to)
      .execute(),
  );
}

/** Viewers born on one of `days` (MM-DD) with no touch keyed `birthday:<year>` yet. */
export async function birthdaysUntouched(db: Executor, shopId: string, year: number, days: readonly string[]): Ids {
  if (days.length === 0) return [];
  const rows = await db
    .selectFrom("viewers as v")
    .select("v.viewer_id")
    .where("v.shop_id", "=", shopId)
    .where("v.birthday", "in", [...days])
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("touches as t")
            .select("t.id")
            .whereRef("t.shop_id", "=", "v.shop_id")
            .whereRef("t.viewer_id", "=", "v.viewer_id")
            .where("t.key", "=", `birthday:${year}`),
        ),
      ),
    )
    .execute();
  return ids(rows);
}

/**
 * Viewers any of whose facts a rule reads was written since `since`: points or growth (the
 * ledger), an order paid or refunded (also those that moved no points), watching, product clicks,
 * viewers new since, and a contact preference set. Their rules can decide differently whatever the date.
 */
export async function changedSince(db: Executor, shopId: string, since: number): Ids {
  const ledger = await ledgerWithin(db, shopId, [{ from: since, to: Number.MAX_SAFE_INTEGER }]);
  const orders = await db
    .selectFrom("orders")
    .select("viewer_id")
    .distinct()
    .where("shop_id", "=", shopId)
    // the expression of the index orders_changed (0031): an order's last change, paid or refunded
    .where(sql<number>`coalesce(refunded_at, created_at)`, ">=", since)
    .execute();
  const watched = await watchedWithin(db, shopId, [{ from: since, to: Number.MAX_SAFE_INTEGER }]);
  const clicks = await db
    .selectFrom("clicks")
    .select("viewer_id")
    .distinct()
    .where("shop_id", "=", shopId)
    .where("at", ">=", since)
    .execute();
  const created = await createdWithin(db, shopId, [{ from: since, to: Number.MAX_SAFE_INTEGER }]);
  // few rows (only viewers who ever set a preference): a sweep that left an opt-out's viewer for later reads them now
  const prefs = await db
    .selectFrom("contact_prefs")
    .select("viewer_id")
    .where("shop_id", "=", shopId)
    .where("updated_at", ">=", since)
    .execute();
  return [...ledger, ...ids(orders), ...watched, ...ids(clicks), ...created, ...ids(prefs)];
}

/**
 * The statuses of a touch still waiting (pending, deferred to the morning, held back by the
 * budget), as the literal SQL the open touches' partial index is made with (migration 0037):
 * bound as parameters, they would not prove to either database that the index holds every row.
 */
export const OPEN_TOUCH_STATUSES = sql<SqlBool>`status in ('pending', 'deferred', 'held')`;

/** Viewers with a touch still waiting. */
export async function withOpenTouches(db: Executor, shopId: string): Ids {
  // no DISTINCT: SQLite would walk the viewer-ordered index of every touch for it
  const rows = await db
    .selectFrom("touches")
    .select("viewer_id")
    .where("shop_id", "=", shopId)
    .where(OPEN_TOUCH_STATUSES)
    .execute();
  return ids(rows);
}

/** The stored members of the given segments. */
export async function segmentMembers(db: Executor, shopId: string, segments: readonly Segment[]): Ids {
  if (segments.length === 0) return [];
  const rows = await db
    .selectFrom("segment_memberships")
    .select("viewer_id")
    .where("shop_id", "=", shopId)
    .where("segment", "in", [...segments])
    .execute();
  return ids(rows);
}

/**
 * The viewer id `size` places after `after` in the shop's audience, or null when fewer are left:
 * the end of a range of viewers a statement can aggregate without holding the database long.
 */
export async function rangeEnd(db: Executor, shopId: string, after: string, size: number): Promise<string | null> {
  const row = await db
    .selectFrom("viewers")
    .select("viewer_id")
    .where("shop_id", "=", shopId)
    .where("viewer_id", ">", after)
    .orderBy("viewer_id")
    .limit(1)
    .offset(size - 1)
    .executeTakeFirst();
  return row?.viewer_id ?? null;
}

/** Per buyer in (after, upTo] (to the end when null): what they paid since `since` and in how many orders, refunds left out. */
export async function buyerSpends(db: Executor, shopId: string, after: string, upTo: string | null, since: number) {
  let query = db
    .selectFrom("orders")
    .select(["viewer_id", sql<Numeric>`sum(paid)`.as("spent"), sql<Numeric>`count(*)`.as("orders")])
    .where("shop_id", "=", shopId)
    .where("viewer_id", ">", after)
    .where("refunded_at", "is", null)
    .where("paid_at", ">=", since)
    .groupBy("viewer_id");
  if (upTo !== null) query = query.where("viewer_id", "<=", upTo);
  const rows = await query.execute();
  return rows.map((r) => ({ viewer_id: r.viewer_id, spent: toNumber(r.spent), orders: toNumber(r.orders) }));
}

/** Viewers whose growth reaches `threshold`. */
export async function growthAtLeast(db: Executor, shopId: string, threshold: number): Ids {
  const rows = await db
    .selectFrom("viewers")
    .select("viewer_id")
    .where("shop_id", "=", shopId)
    .where("growth", ">=", threshold)
    .execute();
  return ids(rows);
}

/** The shop's products that are used up, with how many days one lasts. */
export async function productsUsedUp(db: Executor, shopId: string) {
  const rows = await db
    .selectFrom("products")
    .select(["sku", "usage_days"])
    .where("shop_id", "=", shopId)
    .where("usage_days", "is not", null)
    .orderBy("sku")
    .execute();
  return rows.flatMap((r) => (r.usage_days === null ? [] : [{ sku: r.sku, usageDays: Number(r.usage_days) }]));
}

/** The facts of the given viewers (hosts left out), by viewer id: a chunk of the narrowed sweep. */
export async function viewersByIds(db: Executor, shopId: string, viewerIds: readonly string[]): Promise<ViewerFacts[]> {
  if (viewerIds.length === 0) return [];
  return runPrepared(
    db,
    db
      .selectFrom("viewers")
      .select(["viewer_id", "name", "birthday", "points", "growth", "created_at"])
      .where("shop_id", "=", shopId)
      .where(amongListed(db, "viewer_id", [...viewerIds]))
      .where("is_host", "=", 0)
      .orderBy("viewer_id"),
  );
}

/**
 * Of `viewerIds`, those any of whose facts a rule reads was written after `after` (strictly:
 * a write at the very moment of the read was read), or who changed their contact preference:
 * what a plan decided on facts read at `after` can no longer be written on (see sweep-writes.ts).
 */
export async function changedAfter(
  db: Executor,
  shopId: string,
  viewerIds: readonly string[],
  after: number,
): Promise<Set<string>> {
  if (viewerIds.length === 0) return new Set();
  const ids = [...viewerIds];
  // One statement of five parts: it runs in every part of a chunk's writes. On SQLite `+column`
  // keeps each part on the viewers' index, not the time: the rows written after the reading are
  // few for these viewers, but for the whole shop (its room beating meanwhile) they can be
  // thousands, and SQLite would take the time index for any range on it. Postgres weighs both
  // indexes with the time index's true end (its range estimate reads it) and takes the time
  // whenever few rows of the shop are that recent: a fraction of a millisecond for the five
  // parts where the viewers' index walked every entry of the chunk's viewers (5 ms at a million).
  const viewerIndexOnly = dialectOf(db) === "sqlite";
  const changed = (column: RawBuilder<number>) => (viewerIndexOnly ? sql<number>`+${column}` : column);
  const [ledger, orders, watched, clicks, prefs] = [
    db
      .selectFrom("ledger")
      .select("viewer_id")
      .where("shop_id", "=", shopId)
      .where("viewer_id", "in", ids)
      .where(changed(sql`created_at`), ">", after),
    db
      .selectFrom("orders")
      .select("viewer_id")
      .where("shop_id", "=", shopId)
      .where("viewer_id", "in", ids)
      .where(changed(sql`coalesce(refunded_at, created_at)`), ">", after),
    db
      .selectFrom("watch_state")
      .select("viewer_id")
      .where("shop_id", "=", shopId)
      .where("viewer_id", "in", ids)
      .where(changed(sql`updated_at`), ">", after),
    db
      .selectFrom("clicks")
      .select("viewer_id")
      .where("shop_id", "=", shopId)
      .where("viewer_id", "in", ids)
      .where(changed(sql`at`), ">", after),
    db
      .selectFrom("contact_prefs")
      .select("viewer_id")
      .where("shop_id", "=", shopId)
      .where("viewer_id", "in", ids)
      .where(changed(sql`updated_at`), ">", after),
  ];
  const rows = await ledger.unionAll(orders).unionAll(watched).unionAll(clicks).unionAll(prefs).execute();
  return new Set(rows.map((row) => row.viewer_id));
}
