import { sql } from "kysely";
import type { Executor } from "./executor.js";

/** One viewer as a search lists them: the balance, and their last watch beat. */
export interface FoundViewer {
  viewer_id: string;
  name: string | null;
  points: number;
  growth: number;
  last_seen_at: number | null;
}

/**
 * Every character an id may hold (protocol/tokens.ts `Id`) sorts below `~`, so `[prefix, prefix~)`
 * is exactly the ids that start with `prefix`: a range the primary key (shop_id, viewer_id) seeks.
 */
const prefixEnd = (prefix: string) => `${prefix}~`;

/** `%`, `_` and `\` in what a person typed are themselves, not LIKE's wildcards. */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Viewers whose id starts with `prefix`, after the id `after`, in id order: an index range, however big the shop. */
export async function viewersByIdPrefix(
  db: Executor,
  shopId: string,
  prefix: string,
  after: string,
  limit: number,
): Promise<FoundViewer[]> {
  return db
    .selectFrom("viewers as v")
    .leftJoin("watch_state as w", (join) =>
      join.onRef("w.shop_id", "=", "v.shop_id").onRef("w.viewer_id", "=", "v.viewer_id"),
    )
    .select(["v.viewer_id", "v.name", "v.points", "v.growth", "w.updated_at as last_seen_at"])
    .where("v.shop_id", "=", shopId)
    .where("v.viewer_id", ">=", prefix)
    .where("v.viewer_id", "<", prefixEnd(prefix))
    .where("v.viewer_id", ">", after)
    .orderBy("v.viewer_id")
    .limit(limit)
    .execute();
}

/**
 * Viewers whose name contains `part` (ASCII letters in any case) among the next `window` viewers
 * after `after` in id order, leaving out ids that start with `part` (the id walk listed them).
 * A name's middle cannot be looked up in a B-tree, so a page reads at most `window` rows of the
 * primary key and says where it stopped: the work per keystroke is bounded, whatever the shop's size.
 */
export async function viewersByNameIn(
  db: Executor,
  shopId: string,
  part: string,
  after: string,
  window: number,
  limit: number,
): Promise<{ found: FoundViewer[]; windowEnd: string | null }> {
  const stretch = db
    .selectFrom("viewers")
    .select(["shop_id", "viewer_id", "name", "points", "growth"])
    .where("shop_id", "=", shopId)
    .where("viewer_id", ">", after)
    .orderBy("viewer_id")
    .limit(window);
  const pattern = `%${likeLiteral(part.toLowerCase())}%`;
  const found = await db
    .selectFrom(stretch.as("v"))
    .leftJoin("watch_state as w", (join) =>
      join.onRef("w.shop_id", "=", "v.shop_id").onRef("w.viewer_id", "=", "v.viewer_id"),
    )
    .select(["v.viewer_id", "v.name", "v.points", "v.growth", "w.updated_at as last_seen_at"])
    .where(sql<boolean>`lower(v.name) like ${pattern} escape '\\'`)
    .where((eb) => eb.or([eb("v.viewer_id", "<", part), eb("v.viewer_id", ">=", prefixEnd(part))]))
    .orderBy("v.viewer_id")
    .limit(limit)
    .execute();
  // the last id the stretch reached: where the next page starts when this one found few
  const end = await db
    .selectFrom("viewers")
    .select("viewer_id")
    .where("shop_id", "=", shopId)
    .where("viewer_id", ">", after)
    .orderBy("viewer_id")
    .offset(window - 1)
    .limit(1)
    .executeTakeFirst();
  return { found, windowEnd: end?.viewer_id ?? null };
}
