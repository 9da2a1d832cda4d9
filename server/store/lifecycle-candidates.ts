import { sql } from "kysely";
import type { Segment } from "../../protocol/index.js";
import type { Executor } from "./executor.js";
import type { ViewerFacts } from "./lifecycle.js";
import type { Numeric } from "./numbers.js";

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

/** Viewers with an order paid within one of the spans, refunded or not. */
export async function paidWithin(db: Executor, shopId: string, spans: readonly Span[]): Ids {
  const out: string[] = [];
  for (const span of spans) {
    const rows = await db
      .selectFrom("orders")
      .select("viewer_id")
      .distinct()
      .where("shop_id", "=", shopId)
      .where("paid_at", ">=", span.from)
      .where("paid_at", "<=", span.to)
      .execute();
    out.push(...ids(rows));
  }
  return out;
}

/** Viewers whose watching was last credited within one of the spans. */
export async function watchedWithin(db: Executor, shopId: string, spans: readonly Span[]): Ids {
  const out: string[] = [];
  for (const span of spans) {
    const rows = await db
      .selectFrom("watch_state")
      .select("viewer_id")
      .where("shop_id", "=", shopId)
      .where("updated_at", ">=", span.from)
      .where("updated_at", "<=", span.to)
      .execute();
    out.push(...ids(rows));
  }
  return out;
}

/** Viewers first seen within one of the spans. */
export async function createdWithin(db: Executor, shopId: string, spans: readonly Span[]): Ids {
  const out: string[] = [];
  for (const span of spans) {
    const rows = await db
      .selectFrom("viewers")
      .select("viewer_id")
      .where("shop_id", "=", shopId)
      .where("created_at", ">=", span.from)
      .where("created_at", "<=", span.to)
      .execute();
    out.push(...ids(rows));
  }
  return out;
}

/** Viewers holding an unused coupon that expires within one of the spans. */
export async function couponsExpiringWithin(db: Executor, shopId: string, spans: readonly Span[]): Ids {
  const out: string[] = [];
  for (const span of spans) {
    const rows = await db
      .selectFrom("coupons")
      .select("viewer_id")
      .distinct()
      .where("shop_id", "=", shopId)
      .where("expires_at", ">=", span.from)
      .where("expires_at", "<=", span.to)
      .where("state", "=", "issued")
      .execute();
    out.push(...ids(rows));
  }
  return out;
}

/** Viewers with a ledger entry written within one of the spans. */
export async function ledgerWithin(db: Executor, shopId: string, spans: readonly Span[]): Ids {
  const out: string[] = [];
  for (const span of spans) {
    const rows = await db
      .selectFrom("ledger")
      .select("viewer_id")
      .distinct()
      .where("shop_id", "=", shopId)
      .where("created_at", ">=", span.from)
      .where("created_at", "<=", span.to)
      .execute();
    out.push(...ids(rows));
  }
  return out;
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
 * and viewers new since. Their rules can decide differently whatever the date.
 */
export async function changedSince(db: Executor, shopId: string, since: number): Ids {
  const [ledger, orders, watched, clicks, created] = await Promise.all([
    ledgerWithin(db, shopId, [{ from: since, to: Number.MAX_SAFE_INTEGER }]),
    db
      .selectFrom("orders")
      .select("viewer_id")
      .distinct()
      .where("shop_id", "=", shopId)
      // the expression of the index orders_changed (0031): an order's last change, paid or refunded
      .where(sql<number>`coalesce(refunded_at, created_at)`, ">=", since)
      .execute(),
    watchedWithin(db, shopId, [{ from: since, to: Number.MAX_SAFE_INTEGER }]),
    db
      .selectFrom("clicks")
      .select("viewer_id")
      .distinct()
      .where("shop_id", "=", shopId)
      .where("at", ">=", since)
      .execute(),
    createdWithin(db, shopId, [{ from: since, to: Number.MAX_SAFE_INTEGER }]),
  ]);
  return [...ledger, ...ids(orders), ...watched, ...ids(clicks), ...created];
}

/** Viewers with a touch still waiting (pending, deferred to the morning, held back by the budget). */
export async function withOpenTouches(db: Executor, shopId: string): Ids {
  const rows = await db
    .selectFrom("touches")
    .select("viewer_id")
    .distinct()
    .where("shop_id", "=", shopId)
    .where("status", "in", ["pending", "deferred", "held"])
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
 * Buyers high value now by the domain's definition (`isHighValueLoyal`), in SQL: at or above the
 * top spenders' cut over the orders since `since`, or at least `minOrders` of them.
 */
export async function highValueBuyers(
  db: Executor,
  shopId: string,
  since: number,
  cut: number | null,
  minOrders: number,
): Ids {
  const rows = await db
    .selectFrom("orders")
    .select("viewer_id")
    .where("shop_id", "=", shopId)
    .where("refunded_at", "is", null)
    .where("paid_at", ">=", since)
    .groupBy("viewer_id")
    .having((eb) =>
      eb.or([
        eb(sql<Numeric>`count(*)`, ">=", minOrders),
        ...(cut === null
          ? []
          : [eb.and([eb(sql<Numeric>`sum(paid)`, ">", 0), eb(sql<Numeric>`sum(paid)`, ">=", cut)])]),
      ]),
    )
    .execute();
  return ids(rows);
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

/** The distinct usage days of the shop's products. */
export async function usageDaysOf(db: Executor, shopId: string): Promise<number[]> {
  const rows = await db
    .selectFrom("products")
    .select("usage_days")
    .distinct()
    .where("shop_id", "=", shopId)
    .where("usage_days", "is not", null)
    .execute();
  return rows.flatMap((r) => (r.usage_days === null ? [] : [Number(r.usage_days)]));
}

/** The products' usage days by sku, in sku order: a change of one changes every replenishment due of it. */
export async function productUsage(db: Executor, shopId: string): Promise<string> {
  const rows = await db
    .selectFrom("products")
    .select(["sku", "usage_days"])
    .where("shop_id", "=", shopId)
    .where("usage_days", "is not", null)
    .orderBy("sku")
    .execute();
  return rows.map((r) => `${r.sku}:${r.usage_days}`).join(",");
}

/** The facts of the given viewers (hosts left out), by viewer id: a chunk of the narrowed sweep. */
export async function viewersByIds(db: Executor, shopId: string, viewerIds: readonly string[]): Promise<ViewerFacts[]> {
  if (viewerIds.length === 0) return [];
  return db
    .selectFrom("viewers")
    .select(["viewer_id", "name", "birthday", "points", "growth", "created_at"])
    .where("shop_id", "=", shopId)
    .where("viewer_id", "in", [...viewerIds])
    .where("is_host", "=", 0)
    .orderBy("viewer_id")
    .execute();
}
