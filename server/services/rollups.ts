import { type BuyerRollup, buyerRollup, rollupDelta, sameRollup, sumDeltas } from "../domain/rollups.js";
import type { Executor } from "../store/executor.js";
import { refreshBought } from "../store/intent.js";
import { ordersOf } from "../store/lifecycle.js";
import {
  addOrderSlots,
  addToCohorts,
  addToShopRollup,
  buyersPaidBetween,
  lockShopRollup,
  saveViewerRollups,
  setWindowFrom,
  type ViewerRollup,
  viewerRollupsOf,
} from "../store/rollups.js";
import { YEAR_MS } from "../store/rollups-rebuild.js";
import { groupBy } from "./lifecycle/facts.js";

/** Viewers refreshed per statement: an import's batch or a window move touches many at once. */
const CHUNK = 500;

/** An order as the roll-ups see it. */
export interface OrderFigures {
  viewer_id: string;
  paid_at: number;
  paid: number;
}

/**
 * What every path that adds or refunds orders calls, in its own transaction: the buyers' rows, the
 * shop's totals and cohorts, the quarter hours the orders were paid in, and whether the viewers'
 * clicked skus are bought move with them.
 */
export async function ordersChanged(
  db: Executor,
  shopId: string,
  change: { came?: readonly OrderFigures[]; went?: readonly OrderFigures[] },
  now: number,
): Promise<void> {
  const came = change.came ?? [];
  const went = change.went ?? [];
  await refreshBuyers(
    db,
    shopId,
    [...came, ...went].map((o) => o.viewer_id),
    now,
  );
  // whether the skus the viewers clicked are bought moves with their standing orders
  const viewers = [...new Set([...came, ...went].map((o) => o.viewer_id))];
  for (let i = 0; i < viewers.length; i += CHUNK) await refreshBought(db, shopId, viewers.slice(i, i + CHUNK));
  await addOrderSlots(db, shopId, came, 1);
  await addOrderSlots(db, shopId, went, -1);
}

/**
 * Brings the roll-ups of these viewers up to date with their standing orders, inside the caller's
 * transaction (the one that wrote the orders): each viewer's row is made again from their own
 * orders, and the shop's totals and cohort weeks move by the difference. Every path that adds,
 * refunds or moves an order calls it with the viewers it touched; calling it for a viewer whose
 * orders did not change writes nothing.
 */
export async function refreshBuyers(db: Executor, shopId: string, viewerIds: readonly string[], now: number) {
  const ids = [...new Set(viewerIds)];
  if (ids.length === 0) return;
  const windowFrom = await lockShopRollup(db, shopId, now - YEAR_MS);
  for (let i = 0; i < ids.length; i += CHUNK) {
    await refreshChunk(db, shopId, ids.slice(i, i + CHUNK), windowFrom);
  }
}

async function refreshChunk(db: Executor, shopId: string, ids: string[], windowFrom: number) {
  const [stored, orders] = await Promise.all([viewerRollupsOf(db, shopId, ids), ordersOf(db, shopId, ids)]);
  const before = new Map(stored.map((r) => [r.viewer_id, asRollup(r)]));
  const ordersBy = groupBy(orders, (o) => o.viewer_id);
  const rows: (ViewerRollup & { viewer_id: string })[] = [];
  const gone: string[] = [];
  const deltas = [];
  for (const id of ids) {
    const was = before.get(id) ?? null;
    const now = buyerRollup(ordersBy.get(id) ?? [], windowFrom);
    if (sameRollup(was, now)) continue;
    deltas.push(rollupDelta(was, now));
    if (now === null) gone.push(id);
    else rows.push({ viewer_id: id, ...now });
  }
  if (deltas.length === 0) return;
  const { shop, cohorts } = sumDeltas(deltas);
  await saveViewerRollups(db, shopId, rows, gone);
  await addToShopRollup(db, shopId, shop);
  await addToCohorts(db, shopId, cohorts);
}

function asRollup(row: ViewerRollup): BuyerRollup {
  return {
    orders: row.orders,
    paid: row.paid,
    coupon_orders: row.coupon_orders,
    coupon_paid: row.coupon_paid,
    first_order_at: row.first_order_at,
    last_order_at: row.last_order_at,
    spent12: row.spent12,
    orders12: row.orders12,
    retained: row.retained,
    price_sensitive: row.price_sensitive === 1 ? 1 : 0,
  };
}

/**
 * Moves the shop's 12-month window to end at `now` (either way: a clock may be set back): the
 * buyers with an order paid between the old start and the new are refreshed against the new one.
 * Run in its own transaction before a read of the 12-month figures; a day's move touches a day's
 * buyers.
 */
export async function moveWindow(db: Executor, shopId: string, now: number): Promise<void> {
  const target = now - YEAR_MS;
  const current = await lockShopRollup(db, shopId, target);
  if (current === target) return;
  const moved = await buyersPaidBetween(db, shopId, Math.min(current, target), Math.max(current, target));
  await setWindowFrom(db, shopId, target);
  for (let i = 0; i < moved.length; i += CHUNK) {
    await refreshChunk(db, shopId, moved.slice(i, i + CHUNK), target);
  }
}
