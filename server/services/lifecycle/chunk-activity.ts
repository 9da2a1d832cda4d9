import type { Executor } from "../../store/executor.js";
import { linesOf, ordersOf, watchingOf } from "../../store/lifecycle.js";
import { groupBy } from "./facts.js";

export type StandingOrder = Awaited<ReturnType<typeof ordersOf>>[number];

/** A line of a standing order, with when the order was paid. */
export interface BoughtLine {
  order_id: string;
  line: number;
  sku: string;
  paid_at: number;
}

/**
 * What both the segments and the automations read of a chunk's viewers: their standing orders,
 * what those orders sold, and when each last watched and how long in all. Read once per chunk and
 * handed to both, so a sweep asks for a chunk's orders once instead of four times.
 */
export interface ChunkActivity {
  /** per viewer, their standing orders oldest first */
  ordersBy: Map<string, StandingOrder[]>;
  /** per viewer, the lines of those orders (empty when the reader asked for none) */
  linesBy: Map<string, BoughtLine[]>;
  /** per viewer, when verified watching was last credited */
  lastWatch: Map<string, number>;
  /** per viewer, the verified watch time in all, in ms */
  watchedMs: Map<string, number>;
}

export async function readChunkActivity(
  db: Executor,
  shopId: string,
  viewerIds: string[],
  wants: { lines: boolean } = { lines: true },
): Promise<ChunkActivity> {
  const [orders, { lastWatch, watchedMs }] = await Promise.all([
    ordersOf(db, shopId, viewerIds),
    watchingOf(db, shopId, viewerIds),
  ]);
  const lines =
    wants.lines && orders.length > 0 ? await linesOf(db, shopId, [...new Set(orders.map((o) => o.order_id))]) : [];
  return chunkActivity(orders, lines, lastWatch, watchedMs);
}

/** The activity of a chunk from its rows: orders and lines by viewer, each line with when it was paid. */
export function chunkActivity(
  orders: readonly StandingOrder[],
  lines: readonly { order_id: string; line: number; sku: string }[],
  lastWatch: Map<string, number>,
  watchedMs: Map<string, number>,
): ChunkActivity {
  const linesBy = new Map<string, BoughtLine[]>();
  if (lines.length > 0) {
    const byOrder = new Map(orders.map((o) => [o.order_id, o]));
    for (const row of lines) {
      const order = byOrder.get(row.order_id);
      if (!order) continue;
      const line = { order_id: row.order_id, line: row.line, sku: row.sku, paid_at: order.paid_at };
      const own = linesBy.get(order.viewer_id);
      if (own) own.push(line);
      else linesBy.set(order.viewer_id, [line]);
    }
  }
  return { ordersBy: groupBy(orders, (o) => o.viewer_id), linesBy, lastWatch, watchedMs };
}
