import { sql } from "kysely";
import type { Executor } from "./executor.js";
import { type Numeric, numeric, toNumber } from "./numbers.js";
import { SLOT_MS } from "./rollups-rebuild.js";
import type { ShopRollupsTable, ViewerRollupsTable } from "./schema.js";

/*
 * The buyer roll-ups' reads and writes (migration 0030; services/rollups.ts keeps them, domain/
 * rollups.ts defines them). Every read here is a primary-key lookup or an index range.
 */

export type ViewerRollup = Omit<ViewerRollupsTable, "shop_id">;
export type ShopRollup = Omit<ShopRollupsTable, "shop_id">;

const ZERO: Omit<ShopRollup, "window_from"> = {
  buyers: 0,
  repeat_buyers: 0,
  revenue: 0,
  coupon_revenue: 0,
  coupon_orders: 0,
  spenders12: 0,
};

/**
 * The shop's totals row, made if missing, locked until the transaction ends (the upsert takes the
 * row lock on Postgres; SQLite has one writer): a write that moves the totals and a read that
 * moves the 12-month window take turns, so neither computes against a window the other is moving.
 * Answers the window's start.
 */
export async function lockShopRollup(db: Executor, shopId: string, windowFrom: number): Promise<number> {
  const row = await db
    .insertInto("shop_rollups")
    .values({ shop_id: shopId, ...ZERO, window_from: windowFrom })
    .onConflict((oc) => oc.column("shop_id").doUpdateSet((eb) => ({ window_from: eb.ref("shop_rollups.window_from") })))
    .returning("window_from")
    .executeTakeFirstOrThrow();
  return toNumber(row.window_from);
}

export async function setWindowFrom(db: Executor, shopId: string, windowFrom: number): Promise<void> {
  await db.updateTable("shop_rollups").set({ window_from: windowFrom }).where("shop_id", "=", shopId).execute();
}

export async function shopRollup(db: Executor, shopId: string): Promise<ShopRollup | null> {
  const row = await db.selectFrom("shop_rollups").selectAll().where("shop_id", "=", shopId).executeTakeFirst();
  if (!row) return null;
  return numeric(
    row,
    "buyers",
    "repeat_buyers",
    "revenue",
    "coupon_revenue",
    "coupon_orders",
    "spenders12",
    "window_from",
  );
}

export async function viewerRollupsOf(db: Executor, shopId: string, viewerIds: readonly string[]) {
  if (viewerIds.length === 0) return [];
  return db
    .selectFrom("viewer_rollups")
    .selectAll()
    .where("shop_id", "=", shopId)
    .where("viewer_id", "in", [...viewerIds])
    .execute();
}

/** Writes the buyers' new rows and removes the rows of viewers who no longer have a standing order. */
export async function saveViewerRollups(
  db: Executor,
  shopId: string,
  rows: readonly (ViewerRollup & { viewer_id: string })[],
  gone: readonly string[],
): Promise<void> {
  if (gone.length > 0) {
    await db
      .deleteFrom("viewer_rollups")
      .where("shop_id", "=", shopId)
      .where("viewer_id", "in", [...gone])
      .execute();
  }
  if (rows.length === 0) return;
  await db
    .insertInto("viewer_rollups")
    .values(rows.map((r) => ({ ...r, shop_id: shopId })))
    .onConflict((oc) =>
      oc.columns(["shop_id", "viewer_id"]).doUpdateSet((eb) => ({
        orders: eb.ref("excluded.orders"),
        paid: eb.ref("excluded.paid"),
        coupon_orders: eb.ref("excluded.coupon_orders"),
        coupon_paid: eb.ref("excluded.coupon_paid"),
        first_order_at: eb.ref("excluded.first_order_at"),
        last_order_at: eb.ref("excluded.last_order_at"),
        spent12: eb.ref("excluded.spent12"),
        orders12: eb.ref("excluded.orders12"),
        retained: eb.ref("excluded.retained"),
        price_sensitive: eb.ref("excluded.price_sensitive"),
      })),
    )
    .execute();
}

/** Moves the shop's totals by a difference (the row exists: lockShopRollup made it). */
export async function addToShopRollup(db: Executor, shopId: string, delta: Omit<ShopRollup, "window_from">) {
  if (Object.values(delta).every((v) => v === 0)) return;
  await db
    .updateTable("shop_rollups")
    .set((eb) => ({
      buyers: eb("buyers", "+", delta.buyers),
      repeat_buyers: eb("repeat_buyers", "+", delta.repeat_buyers),
      revenue: eb("revenue", "+", delta.revenue),
      coupon_revenue: eb("coupon_revenue", "+", delta.coupon_revenue),
      coupon_orders: eb("coupon_orders", "+", delta.coupon_orders),
      spenders12: eb("spenders12", "+", delta.spenders12),
    }))
    .where("shop_id", "=", shopId)
    .execute();
}

/** Moves cohort weeks by their differences, in one statement. */
export async function addToCohorts(
  db: Executor,
  shopId: string,
  deltas: readonly { week: number; buyers: number; retained: readonly number[] }[],
): Promise<void> {
  if (deltas.length === 0) return;
  await db
    .insertInto("shop_cohorts")
    .values(
      deltas.map((d) => ({
        shop_id: shopId,
        week: d.week,
        buyers: d.buyers,
        r0: d.retained[0] ?? 0,
        r1: d.retained[1] ?? 0,
        r2: d.retained[2] ?? 0,
        r3: d.retained[3] ?? 0,
      })),
    )
    .onConflict((oc) =>
      oc.columns(["shop_id", "week"]).doUpdateSet((eb) => ({
        buyers: eb("shop_cohorts.buyers", "+", eb.ref("excluded.buyers")),
        r0: eb("shop_cohorts.r0", "+", eb.ref("excluded.r0")),
        r1: eb("shop_cohorts.r1", "+", eb.ref("excluded.r1")),
        r2: eb("shop_cohorts.r2", "+", eb.ref("excluded.r2")),
        r3: eb("shop_cohorts.r3", "+", eb.ref("excluded.r3")),
      })),
    )
    .execute();
}

/** The cohort weeks that have buyers, oldest first. */
export async function cohortRows(db: Executor, shopId: string) {
  const rows = await db
    .selectFrom("shop_cohorts")
    .select(["week", "buyers", "r0", "r1", "r2", "r3"])
    .where("shop_id", "=", shopId)
    .where("buyers", ">", 0)
    .orderBy("week")
    .execute();
  return rows.map((r) => numeric(r, "week", "buyers", "r0", "r1", "r2", "r3"));
}

/** Viewers with a standing order paid in [from, to): whose 12-month figures a window move changes. */
export async function buyersPaidBetween(db: Executor, shopId: string, from: number, to: number): Promise<string[]> {
  const rows = await db
    .selectFrom("orders")
    .select("viewer_id")
    .distinct()
    .where("shop_id", "=", shopId)
    .where("paid_at", ">=", from)
    .where("paid_at", "<", to)
    .where("refunded_at", "is", null)
    .execute();
  return rows.map((r) => r.viewer_id);
}

/** Buyers whose first standing order was paid in [from, to]: an index range. */
export async function firstOrdersBetween(db: Executor, shopId: string, from: number, to: number): Promise<number> {
  const row = await db
    .selectFrom("viewer_rollups")
    .select(sql<Numeric>`cast(count(*) as bigint)`.as("n"))
    .where("shop_id", "=", shopId)
    .where("first_order_at", ">=", from)
    .where("first_order_at", "<=", to)
    .executeTakeFirstOrThrow();
  return toNumber(row.n);
}

/**
 * The least 12-month spend among the top `topPercent` of the shop's spenders (domain
 * `topSpenderCut`): the spenders are counted in the shop's row, the cut is an offset down the
 * spend index.
 */
export async function spenderCutOf(db: Executor, shopId: string, spenders: number, topPercent: number) {
  if (spenders === 0) return null;
  const rank = Math.max(1, Math.ceil((spenders * topPercent) / 100));
  const row = await db
    .selectFrom("viewer_rollups")
    .select("spent12")
    .where("shop_id", "=", shopId)
    .where("spent12", ">", 0)
    .orderBy("spent12", "desc")
    .limit(1)
    .offset(rank - 1)
    .executeTakeFirst();
  return row ? toNumber(row.spent12) : null;
}

/** Orders that came (sign 1) or went (−1, a refund) into their quarter hours, one statement. */
export async function addOrderSlots(
  db: Executor,
  shopId: string,
  orders: readonly { paid_at: number; paid: number }[],
  sign: 1 | -1,
): Promise<void> {
  const slots = new Map<number, { orders: number; paid: number }>();
  for (const o of orders) {
    const slot = Math.floor(o.paid_at / SLOT_MS);
    const s = slots.get(slot) ?? { orders: 0, paid: 0 };
    s.orders += sign;
    s.paid += sign * o.paid;
    slots.set(slot, s);
  }
  if (slots.size === 0) return;
  await db
    .insertInto("shop_order_slots")
    .values([...slots].map(([slot, s]) => ({ shop_id: shopId, slot, ...s })))
    .onConflict((oc) =>
      oc.columns(["shop_id", "slot"]).doUpdateSet((eb) => ({
        orders: eb("shop_order_slots.orders", "+", eb.ref("excluded.orders")),
        paid: eb("shop_order_slots.paid", "+", eb.ref("excluded.paid")),
      })),
    )
    .execute();
}

/** Standing orders per quarter hour since an instant (a quarter hour's start), as when and how many. */
export async function orderSlotsSince(db: Executor, shopId: string, since: number) {
  const rows = await db
    .selectFrom("shop_order_slots")
    .select(["slot", "orders", "paid"])
    .where("shop_id", "=", shopId)
    .where("slot", ">=", Math.ceil(since / SLOT_MS))
    .where("orders", "<>", 0)
    .execute();
  return rows.map((r) => ({ at: toNumber(r.slot) * SLOT_MS, orders: toNumber(r.orders), paid: toNumber(r.paid) }));
}
