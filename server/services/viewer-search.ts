import type { ViewerSearchPage, ViewerSearchQuery } from "../../protocol/index.js";
import { toViewerSearchRow } from "../adapters.js";
import { type FoundViewer, viewersByIdPrefix, viewersByNameIn } from "../store/viewer-search.js";
import type { Context } from "./context.js";
import type { Shop } from "./shops.js";

/**
 * How many of the shop's viewers one page of a name search reads, at most. A name's middle has
 * no index to seek, so the search walks the primary key in stretches and hands back where it
 * stopped; a person typing costs the database this much per keystroke, never the whole shop.
 */
export const NAME_SCAN_WINDOW = 5_000;

/** Where a search goes on from: ids first (an index range), then names (bounded stretches). */
type Position = { walk: "id" | "name"; after: string };

const parseCursor = (cursor: string | undefined): Position =>
  cursor === undefined
    ? { walk: "id", after: "" }
    : { walk: cursor.startsWith("i.") ? "id" : "name", after: cursor.slice(2) };

const cursorOf = (position: Position) => `${position.walk === "id" ? "i" : "n"}.${position.after}`;

/**
 * Viewers whose id starts with `q`, then those whose name contains it: one list, a page at a time.
 * Ids come first because a pasted id is the usual look-up, and the index answers it at once; a
 * page the ids leave room in goes on with names.
 */
export async function searchViewers(ctx: Context, shop: Shop, query: ViewerSearchQuery): Promise<ViewerSearchPage> {
  const { db } = ctx.store;
  let position = parseCursor(query.cursor);
  const rows: FoundViewer[] = [];
  if (position.walk === "id") {
    // one more than asked says whether the id walk goes on
    const byId = await viewersByIdPrefix(db, shop.id, query.q, position.after, query.limit + 1);
    rows.push(...byId.slice(0, query.limit));
    const last = rows.at(-1);
    if (byId.length > query.limit && last) return page(shop, rows, { walk: "id", after: last.viewer_id });
    position = { walk: "name", after: "" };
  }
  const room = query.limit - rows.length;
  if (room === 0) return page(shop, rows, position);
  const { found, windowEnd } = await viewersByNameIn(db, shop.id, query.q, position.after, NAME_SCAN_WINDOW, room + 1);
  rows.push(...found.slice(0, room));
  const last = rows.at(-1);
  if (found.length > room && last) return page(shop, rows, { walk: "name", after: last.viewer_id });
  // the stretch is spent: go on after it, or stop when it reached the last viewer
  return page(shop, rows, windowEnd === null ? null : { walk: "name", after: windowEnd });
}

function page(shop: Shop, rows: FoundViewer[], next: Position | null): ViewerSearchPage {
  return {
    viewers: rows.map((row) => toViewerSearchRow(row, shop.config)),
    nextCursor: next === null ? null : cursorOf(next),
  };
}
