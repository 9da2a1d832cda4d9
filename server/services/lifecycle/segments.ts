import type { Segment, SegmentViewersResponse } from "../../../protocol/index.js";
import { DAY_MS } from "../../domain/coupons.js";
import { buyerSegmentsOf, HIGH_INTENT_WINDOW_MS, HIGH_VALUE_TOP_PERCENT, segmentsOf } from "../../domain/segments.js";
import type { Executor } from "../../store/executor.js";
import { clicksOf, spenderCut, type ViewerFacts, viewerChunk } from "../../store/lifecycle.js";
import type { Context } from "../context.js";
import type { Shop } from "../shops.js";
import { type ChunkActivity, readChunkActivity } from "./chunk-activity.js";
import { groupBy } from "./facts.js";

const YEAR_MS = 365 * DAY_MS;
/** Viewers read per request at most: a rare segment answers a short page with a cursor rather than scanning a whole shop at once. */
const SCAN_PER_PAGE = 20_000;
const CHUNK = 1000;

/**
 * The segments each of the chunk's viewers is in now, by the domain's definitions, read
 * set-based: a handful of queries per chunk, whatever its size. `only` skips the reads that
 * segment does not need (the clicks and lines behind high intent), for a page of one segment.
 */
export async function chunkSegments(
  db: Executor,
  shopId: string,
  viewers: readonly ViewerFacts[],
  now: number,
  cut: number | null,
  { only }: { only?: Segment } = {},
): Promise<Map<string, Segment[]>> {
  const ids = viewers.map((v) => v.viewer_id);
  const intent = only === undefined || only === "high_intent";
  const [activity, clicks] = await Promise.all([
    readChunkActivity(db, shopId, ids, { lines: intent }),
    intent ? clicksOf(db, shopId, ids, clicksSince(now)) : Promise.resolve([]),
  ]);
  return segmentsFrom(viewers, now, cut, activity, clicks);
}

/** Clicks older than this moment no longer count for high intent. */
export const clicksSince = (now: number) => now - HIGH_INTENT_WINDOW_MS;

/** The segments of a chunk's viewers from their activity and clicks (since `clicksSince`), as `chunkSegments` answers. */
export function segmentsFrom(
  viewers: readonly ViewerFacts[],
  now: number,
  cut: number | null,
  { ordersBy, linesBy, lastWatch, watchedMs }: ChunkActivity,
  clicks: readonly { viewer_id: string; sku: string; at: number }[],
): Map<string, Segment[]> {
  // grouped once: filtering the chunk's rows per viewer would cost the chunk's size squared
  const clicksBy = groupBy(clicks, (c) => c.viewer_id);
  const out = new Map<string, Segment[]>();
  for (const viewer of viewers) {
    const id = viewer.viewer_id;
    const own = ordersBy.get(id) ?? [];
    const recent = own.filter((o) => o.paid_at >= now - YEAR_MS);
    const live = segmentsOf(
      {
        clicks: clicksBy.get(id) ?? [],
        boughtSkus: new Set((linesBy.get(id) ?? []).map((l) => l.sku)),
        firstOrderAt: own[0]?.paid_at ?? null,
        lastWatchAt: lastWatch.get(id) ?? null,
        since: viewer.created_at,
      },
      now,
    ).segments;
    const buyer = buyerSegmentsOf(
      {
        spent12Months: recent.reduce((sum, o) => sum + o.paid, 0),
        orders12Months: recent.length,
        orders: own.length,
        ordersWithCoupon: own.filter((o) => o.coupon_code !== null).length,
        watchedSeconds: Math.floor((watchedMs.get(id) ?? 0) / 1000),
      },
      cut,
    );
    out.set(id, [...live, ...buyer]);
  }
  return out;
}

/** The spend a buyer needs to be among the shop's top spenders of the last 12 months (high value). */
export const topSpenderCutAt = (db: Executor, shopId: string, now: number) =>
  spenderCut(db, shopId, now - YEAR_MS, HIGH_VALUE_TOP_PERCENT);

/**
 * One page of a segment's viewers, in viewer id order: chunks of the shop's audience are read
 * and filtered until the page is full (or a scan limit is reached); the cursor is the last
 * viewer read, so the next page starts after it whatever joined or left meanwhile.
 */
export async function segmentPage(
  ctx: Context,
  shop: Shop,
  segment: Segment,
  cursor: string | undefined,
  limit: number,
): Promise<SegmentViewersResponse> {
  const now = ctx.clock.now();
  const { db } = ctx.store;
  const cut = segment === "high_value" ? await topSpenderCutAt(db, shop.id, now) : null;
  const viewers: SegmentViewersResponse["viewers"] = [];
  let after = cursor ?? "";
  let scanned = 0;
  for (;;) {
    const chunk = await viewerChunk(db, shop.id, after, CHUNK);
    if (chunk.length === 0) return { segment, viewers, nextCursor: null };
    const segments = await chunkSegments(db, shop.id, chunk, now, cut, { only: segment });
    for (const viewer of chunk) {
      after = viewer.viewer_id;
      scanned++;
      if (segments.get(viewer.viewer_id)?.includes(segment)) {
        viewers.push({ viewerId: viewer.viewer_id, name: viewer.name, since: viewer.created_at });
      }
      if (viewers.length >= limit) return { segment, viewers, nextCursor: after };
    }
    if (chunk.length < CHUNK) return { segment, viewers, nextCursor: null };
    if (scanned >= SCAN_PER_PAGE) return { segment, viewers, nextCursor: after };
  }
}

const csvField = (value: string | number | null) => {
  const text = value === null ? "" : String(value);
  // a leading = + - @ would run as a formula in a spreadsheet: quoted and prefixed, it stays text
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) || safe !== text ? `"${safe.replaceAll('"', '""')}"` : safe;
};

/** The page as CSV, a header row first; the cursor travels in a header. */
export function segmentCsv(page: SegmentViewersResponse): string {
  const rows = page.viewers.map((v) => [v.viewerId, v.name, v.since].map(csvField).join(","));
  return `${["viewer_id", "name", "since"].join(",")}\n${rows.map((r) => `${r}\n`).join("")}`;
}
