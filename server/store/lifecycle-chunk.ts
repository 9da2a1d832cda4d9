import type { Executor } from "./executor.js";
import {
  clicksRead,
  couponsRead,
  expiries,
  expiriesRead,
  type LedgerDay,
  type LifecycleCoupon,
  ledgerDays,
  ledgerDaysRead,
  linesOf,
  linesRead,
  optedOutRead,
  ordersRead,
  segmentMembershipsRead,
  touchesRead,
  watchingBy,
  watchingRead,
} from "./lifecycle.js";
import { runPrepared } from "./prepared.js";
import type { SegmentMembershipRow, TouchRow } from "./schema.js";
import { readTogether } from "./together.js";

/*
 * Every fact a sweep reads of a chunk's viewers, in two statements on Postgres: the reads that
 * need only the viewers' ids together, then the two that need the first's answers (the lines of
 * the orders read, the amounts of the expiries found). Each read alone was a round trip, a row
 * parser's pass over its rows and a statement handed to the server: at a million members the
 * sweep thread spent more time on that than on the rules. Together, Postgres answers one row of
 * JSON columns, which `JSON.parse` reads faster than `pg` reads rows. On SQLite the same reads
 * run one after another, as before (together.ts).
 */

/** What the rules and the segments read of a chunk, beyond its viewers' own rows. */
export interface ChunkRows {
  /** standing orders, each viewer's oldest first */
  orders: { viewer_id: string; order_id: string; paid_at: number; paid: number; coupon_code: string | null }[];
  /** what those orders sold */
  lines: { order_id: string; line: number; sku: string }[];
  /** per viewer, when verified watching was last credited, and the time verified in all (ms) */
  lastWatch: Map<string, number>;
  watchedMs: Map<string, number>;
  /** product clicks since `clicksSince` */
  clicks: { viewer_id: string; sku: string; at: number }[];
  /** the segments each viewer was in at the last reading */
  memberships: Pick<SegmentMembershipRow, "viewer_id" | "segment" | "entered_at" | "baseline">[];
  /** coupons that may still be used, and those of first orders */
  coupons: LifecycleCoupon[];
  /** the ledger of `ledgerIds` summed per viewer and day */
  ledgerDays: LedgerDay[];
  /** the expiries of points of the viewers with one among `ledgerDays`, oldest first (when `expiries`) */
  expiries: { viewer_id: string; at: number; amount: number }[];
  touches: Pick<TouchRow, "id" | "viewer_id" | "key" | "status" | "sent_at">[];
  optedOut: Set<string>;
}

export interface ChunkRowsWanted {
  now: number;
  clicksSince: number;
  /** the viewers whose ledger days the rules read, and the tier thresholds asked of them */
  ledgerIds: readonly string[];
  thresholds: readonly number[];
  /** whether the amounts of past expiries are read (the points expiry is on) */
  expiries: boolean;
}

/** Orders whose lines go with the expiries in one statement at most (linesOf reads more in parts). */
const LINES_TOGETHER = 2000;

export async function readChunkRows(
  db: Executor,
  shopId: string,
  viewerIds: readonly string[],
  wanted: ChunkRowsWanted,
): Promise<ChunkRows> {
  const reads = {
    orders: ordersRead(db, shopId, viewerIds),
    watching: watchingRead(db, shopId, viewerIds),
    clicks: clicksRead(db, shopId, viewerIds, wanted.clicksSince),
    memberships: segmentMembershipsRead(db, shopId, viewerIds),
    coupons: couponsRead(db, shopId, viewerIds, wanted.now),
    touches: touchesRead(db, shopId, viewerIds),
    optedOut: optedOutRead(db, shopId, viewerIds),
  };
  // a read of no viewers is left out: SQLite plans an empty list as a scan of the table
  const first =
    wanted.ledgerIds.length > 0
      ? await readTogether(
          db,
          { ...reads, ledgerDays: ledgerDaysRead(db, shopId, wanted.ledgerIds, wanted.thresholds) },
          { prepared: true },
        )
      : { ...(await readTogether(db, reads, { prepared: true })), ledgerDays: [] };
  const days = ledgerDays(first.ledgerDays, wanted.thresholds);
  const orderIds = [...new Set(first.orders.map((o) => o.order_id))];
  // a viewer's days come together: a viewer already listed is the last one listed
  const expired: string[] = [];
  if (wanted.expiries) {
    for (const day of days) {
      if (day.expiredAt !== null && expired[expired.length - 1] !== day.viewer_id) expired.push(day.viewer_id);
    }
  }
  let lines: ChunkRows["lines"] = [];
  let expiryRows: Parameters<typeof expiries>[0] = [];
  if (expired.length > 0 && orderIds.length > 0 && orderIds.length <= LINES_TOGETHER) {
    ({ lines, expiries: expiryRows } = await readTogether(
      db,
      { lines: linesRead(db, shopId, orderIds), expiries: expiriesRead(db, shopId, expired) },
      { prepared: true },
    ));
  } else {
    if (orderIds.length > 0) lines = await linesOf(db, shopId, orderIds);
    if (expired.length > 0) expiryRows = await runPrepared(db, expiriesRead(db, shopId, expired));
  }
  return {
    orders: first.orders,
    lines,
    ...watchingBy(first.watching),
    clicks: first.clicks,
    memberships: first.memberships,
    coupons: first.coupons,
    ledgerDays: days,
    expiries: expiries(expiryRows),
    touches: first.touches,
    optedOut: new Set(first.optedOut.map((r) => r.viewer_id)),
  };
}
