import { isPriceSensitive } from "./segments.js";

/*
 * The buyer roll-ups: what the dashboard and the segment lists would otherwise add up by scanning
 * every order of the shop, kept per viewer and per shop as orders arrive and leave. A viewer's row
 * is always recomputed whole from their own standing orders (a handful), and the shop's totals move
 * by the difference between the old row and the new one, so a write, a refund, an import or an
 * erasure never needs to know what it changed: the difference says it.
 */

export const WEEK_MS = 7 * 24 * 3600_000;
/** 1970-01-01 was a Thursday: weeks counted from this offset start on Monday (UTC). */
export const MONDAY_OFFSET_MS = 4 * 24 * 3600_000;
/** The four weeks after a first order in which the cohort table counts a return. */
export const RETAINED_WEEKS = 4;

export interface StandingOrder {
  paid_at: number;
  paid: number;
  coupon_code: string | null;
}

/** One buyer's figures; a viewer with no standing order has none (null). */
export interface BuyerRollup {
  orders: number;
  paid: number;
  coupon_orders: number;
  coupon_paid: number;
  first_order_at: number;
  last_order_at: number;
  /** cents paid in orders at or after the shop's window start (the last 12 months) */
  spent12: number;
  orders12: number;
  /** bit k set: an order later than the first, in week k after it (k < 4) */
  retained: number;
  price_sensitive: 0 | 1;
}

/** The Monday week a first order falls in, numbered as the database numbers it (truncating). */
export const cohortWeek = (firstOrderAt: number): number => Math.trunc((firstOrderAt - MONDAY_OFFSET_MS) / WEEK_MS);

export function buyerRollup(orders: readonly StandingOrder[], windowFrom: number): BuyerRollup | null {
  if (orders.length === 0) return null;
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  const row = { orders: orders.length, paid: 0, coupon_orders: 0, coupon_paid: 0, spent12: 0, orders12: 0 };
  for (const o of orders) {
    first = Math.min(first, o.paid_at);
    last = Math.max(last, o.paid_at);
    row.paid += o.paid;
    if (o.coupon_code !== null) {
      row.coupon_orders++;
      row.coupon_paid += o.paid;
    }
    if (o.paid_at >= windowFrom) {
      row.spent12 += o.paid;
      row.orders12++;
    }
  }
  let retained = 0;
  for (const o of orders) {
    if (o.paid_at <= first) continue;
    const k = Math.trunc((o.paid_at - first) / WEEK_MS);
    if (k < RETAINED_WEEKS) retained |= 1 << k;
  }
  const priceSensitive = isPriceSensitive({ orders: row.orders, ordersWithCoupon: row.coupon_orders });
  return { ...row, first_order_at: first, last_order_at: last, retained, price_sensitive: priceSensitive ? 1 : 0 };
}

/** How the shop's totals move when a buyer's row goes from `before` to `after`. */
export interface ShopDelta {
  buyers: number;
  repeat_buyers: number;
  revenue: number;
  coupon_revenue: number;
  coupon_orders: number;
  spenders12: number;
}

/** A cohort week's change: its buyers, and its returns in each of the four weeks. */
export interface CohortDelta {
  week: number;
  buyers: number;
  retained: number[];
}

export const NO_SHOP_DELTA: ShopDelta = {
  buyers: 0,
  repeat_buyers: 0,
  revenue: 0,
  coupon_revenue: 0,
  coupon_orders: 0,
  spenders12: 0,
};

export interface RollupDelta {
  shop: ShopDelta;
  cohorts: CohortDelta[];
}

function contribution(row: BuyerRollup | null, sign: 1 | -1): RollupDelta {
  if (row === null) return { shop: NO_SHOP_DELTA, cohorts: [] };
  return {
    shop: {
      buyers: sign,
      repeat_buyers: row.orders >= 2 ? sign : 0,
      revenue: sign * row.paid,
      coupon_revenue: sign * row.coupon_paid,
      coupon_orders: sign * row.coupon_orders,
      spenders12: row.spent12 > 0 ? sign : 0,
    },
    cohorts: [
      {
        week: cohortWeek(row.first_order_at),
        buyers: sign,
        retained: Array.from({ length: RETAINED_WEEKS }, (_, k) => ((row.retained >> k) & 1 ? sign : 0)),
      },
    ],
  };
}

/** The changes to the shop's totals and cohort weeks that replacing `before` by `after` makes. */
export function rollupDelta(before: BuyerRollup | null, after: BuyerRollup | null): RollupDelta {
  return sumDeltas([contribution(before, -1), contribution(after, 1)]);
}

/** Several deltas as one: a batch of buyers makes one write per shop and per cohort week. */
export function sumDeltas(deltas: readonly RollupDelta[]): RollupDelta {
  const shop = { ...NO_SHOP_DELTA };
  const weeks = new Map<number, CohortDelta>();
  for (const d of deltas) {
    for (const k of Object.keys(shop) as (keyof ShopDelta)[]) shop[k] += d.shop[k];
    for (const c of d.cohorts) {
      const same = weeks.get(c.week);
      if (!same) weeks.set(c.week, { week: c.week, buyers: c.buyers, retained: [...c.retained] });
      else {
        same.buyers += c.buyers;
        same.retained = same.retained.map((r, k) => r + (c.retained[k] ?? 0));
      }
    }
  }
  const cohorts = [...weeks.values()].filter((c) => c.buyers !== 0 || c.retained.some((r) => r !== 0));
  return { shop, cohorts };
}

/** Rows equal field by field: an unchanged buyer writes nothing. */
export function sameRollup(a: BuyerRollup | null, b: BuyerRollup | null): boolean {
  if (a === null || b === null) return a === b;
  return (Object.keys(a) as (keyof BuyerRollup)[]).every((k) => a[k] === b[k]);
}
