import type { Segment, SegmentViewersResponse } from "../../protocol/index.js";
import {
  DORMANT_MS,
  HIGH_INTENT_WINDOW_MS,
  HIGH_VALUE_ORDERS,
  HIGH_VALUE_TOP_PERCENT,
  NEW_BUYER_MS,
  WATCHED_NOT_BOUGHT_SECONDS,
} from "../domain/segments.js";
import { highIntentPage } from "../store/intent.js";
import { shopRollup, spenderCutOf } from "../store/rollups.js";
import {
  dormant,
  highValue,
  type Member,
  newBuyers,
  priceSensitive,
  watchedNotBought,
  windowEnd,
} from "../store/segment-lists.js";
import type { Context } from "./context.js";
import { moveWindow } from "./rollups.js";
import type { Shop } from "./shops.js";

/**
 * Viewer ids a page of a segment that slides over the whole audience reads at most: a rare one
 * answers a short page with a cursor rather than reading a whole shop at once.
 */
export const SCAN_PER_PAGE = 20_000;

/**
 * One page of a segment's viewers now, by the definitions of domain/segments.ts, in viewer id
 * order; the cursor is the last viewer the page read, so the next page starts after it whatever
 * joined or left meanwhile. Buyer segments read the roll-ups (the 12-month window is moved to now
 * first); dormant and watched-but-not-bought walk at most SCAN_PER_PAGE viewers.
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
  const after = cursor ?? "";
  const page = (members: Member[], scanEnd: string | null = null): SegmentViewersResponse => {
    const viewers = members.map((m) => ({ viewerId: m.viewer_id, name: m.name, since: m.created_at }));
    const full = viewers.length >= limit;
    return { segment, viewers, nextCursor: full ? (members.at(-1)?.viewer_id ?? null) : scanEnd };
  };
  switch (segment) {
    case "new_buyer":
      return page(await newBuyers(db, shop.id, after, limit, now - NEW_BUYER_MS, now));
    case "price_sensitive":
      return page(await priceSensitive(db, shop.id, after, limit));
    case "high_value": {
      await db.transaction().execute((trx) => moveWindow(trx, shop.id, now));
      const spenders = (await shopRollup(db, shop.id))?.spenders12 ?? 0;
      const cut = await spenderCutOf(db, shop.id, spenders, HIGH_VALUE_TOP_PERCENT);
      return page(await highValue(db, shop.id, after, limit, cut, HIGH_VALUE_ORDERS));
    }
    case "high_intent":
      return page(await highIntentPage(db, shop.id, after, limit, { since: now - HIGH_INTENT_WINDOW_MS, now }));
    case "dormant":
    case "watched_not_bought": {
      const members =
        segment === "dormant"
          ? await dormant(db, shop.id, after, limit, now - DORMANT_MS, SCAN_PER_PAGE)
          : await watchedNotBought(db, shop.id, after, limit, WATCHED_NOT_BOUGHT_SECONDS * 1000, SCAN_PER_PAGE);
      if (members.length >= limit) return page(members);
      return page(members, await windowEnd(db, shop.id, after, SCAN_PER_PAGE));
    }
  }
}
