import type { WatchState } from "../shared/watch-state.js";
import type { Dialect } from "./database.js";
import type { Executor } from "./executor.js";
import { fixedSql } from "./fixed-sql.js";
import { toNumber } from "./numbers.js";
import type { ViewerRow } from "./schema.js";

/** What a viewer's snapshot reads of them, apart from lists (coupons) and what depends on these. */
export interface ViewerFacts {
  /** undefined for a viewer the shop has not recorded */
  viewer: ViewerRow | undefined;
  watch: WatchState | undefined;
  /** when their first standing order was paid */
  firstOrderAt: number | null;
  /** when they last had watching credited (the watch state's last change) */
  lastWatchAt: number | null;
  /** sent touches not seen yet: the inbox badge */
  unseen: number;
  optedOut: boolean;
  /** a reminder set for this room */
  reminder: boolean;
}

/*
 * One statement for all of it, of fixed text (store/fixed-sql.ts): a join used to read these in
 * nine queries (the viewer three times, the watch state twice), each built and compiled by Kysely.
 */
const factsQuery = fixedSql<FactsRow>(`
select v.name, v.birthday, v.points, v.growth, v.created_at, v.is_host,
  w.credited_until, w.carry_ms, w.total_ms, w.day, w.day_points, w.blocks, w.chests, w.updated_at as watched_at,
  (select min(o.paid_at) from orders o
    where o.shop_id = ? and o.viewer_id = ? and o.refunded_at is null) as first_order_at,
  (select count(*) from touches t
    where t.shop_id = ? and t.viewer_id = ? and t.status = 'sent' and t.seen_at is null) as unseen,
  case when exists (select 1 from contact_prefs c
    where c.shop_id = ? and c.viewer_id = ? and c.opted_out = 1) then 1 else 0 end as opted_out,
  case when exists (select 1 from reminders r
    where r.room_id = ? and r.viewer_id = ? and r.active = 1) then 1 else 0 end as reminder
from (select 1 as one) as base
left join viewers v on v.shop_id = ? and v.viewer_id = ?
left join watch_state w on w.shop_id = ? and w.viewer_id = ?`);

interface FactsRow {
  name: string | null;
  birthday: string | null;
  points: number | null;
  growth: number | null;
  created_at: number | null;
  is_host: number | null;
  credited_until: number | null;
  carry_ms: number | null;
  total_ms: number | null;
  day: string | null;
  day_points: number | null;
  blocks: number | null;
  chests: number | null;
  watched_at: number | null;
  first_order_at: number | string | null;
  unseen: number | string | bigint;
  opted_out: number;
  reminder: number;
}

export async function viewerFacts(
  db: Executor,
  dialect: Dialect,
  shopId: string,
  viewerId: string,
  roomId: string,
): Promise<ViewerFacts> {
  const ids = [shopId, viewerId];
  const params = [...ids, ...ids, ...ids, roomId, viewerId, ...ids, ...ids];
  const [row] = await factsQuery(db, dialect, params);
  if (!row) throw new Error("the viewer facts query returned no row");
  return {
    viewer:
      row.created_at === null
        ? undefined
        : {
            shop_id: shopId,
            viewer_id: viewerId,
            name: row.name,
            birthday: row.birthday,
            points: toNumber(row.points),
            growth: toNumber(row.growth),
            created_at: toNumber(row.created_at),
            is_host: toNumber(row.is_host),
          },
    watch:
      row.watched_at === null
        ? undefined
        : {
            creditedUntil: row.credited_until,
            carryMs: toNumber(row.carry_ms),
            totalMs: toNumber(row.total_ms),
            day: row.day ?? "",
            dayPoints: toNumber(row.day_points),
            blocks: toNumber(row.blocks),
            chests: toNumber(row.chests),
          },
    firstOrderAt: row.first_order_at === null ? null : toNumber(row.first_order_at),
    lastWatchAt: row.watched_at,
    unseen: toNumber(row.unseen),
    optedOut: toNumber(row.opted_out) === 1,
    reminder: toNumber(row.reminder) === 1,
  };
}
