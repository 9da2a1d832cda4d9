import type { WatchState } from "../shared/watch-state.js";
import type { Dialect } from "./database.js";
import type { Executor } from "./executor.js";
import { fixedSql } from "./fixed-sql.js";
import { toNumber } from "./numbers.js";
import type { ChestRow, CouponRow, ViewerRow } from "./schema.js";

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
  /** their latest chest, claimed or not */
  chest: ChestRow | undefined;
}

/*
 * One statement for all of it, of fixed text (store/fixed-sql.ts): a join used to read these in
 * ten queries (the viewer three times, the watch state twice, the chest), each built and compiled
 * by Kysely. The latest chest is found by its (shop, viewer, ordinal) key, then joined by id.
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
    where r.room_id = ? and r.viewer_id = ? and r.active = 1) then 1 else 0 end as reminder,
  c.id as chest_id, c.ordinal as chest_ordinal, c.points as chest_points, c.appeared_at as chest_appeared_at,
  c.expires_at as chest_expires_at, c.claimed_at as chest_claimed_at
from (select 1 as one) as base
left join viewers v on v.shop_id = ? and v.viewer_id = ?
left join watch_state w on w.shop_id = ? and w.viewer_id = ?
left join chests c on c.id = (select l.id from chests l
  where l.shop_id = ? and l.viewer_id = ? order by l.ordinal desc limit 1)`);

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
  chest_id: string | null;
  chest_ordinal: number | null;
  chest_points: number | null;
  chest_appeared_at: number | null;
  chest_expires_at: number | null;
  chest_claimed_at: number | null;
}

export async function viewerFacts(
  db: Executor,
  dialect: Dialect,
  shopId: string,
  viewerId: string,
  roomId: string,
): Promise<ViewerFacts> {
  const ids = [shopId, viewerId];
  const params = [...ids, ...ids, ...ids, roomId, viewerId, ...ids, ...ids, ...ids];
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
    chest:
      row.chest_id === null
        ? undefined
        : {
            id: row.chest_id,
            shop_id: shopId,
            viewer_id: viewerId,
            ordinal: toNumber(row.chest_ordinal),
            points: toNumber(row.chest_points),
            appeared_at: toNumber(row.chest_appeared_at),
            expires_at: toNumber(row.chest_expires_at),
            claimed_at: row.chest_claimed_at === null ? null : toNumber(row.chest_claimed_at),
          },
  };
}

const couponsQuery = fixedSql<CouponRow>(`select * from coupons
where shop_id = ? and viewer_id = ? order by issued_at desc limit 50`);

/** The viewer's newest coupons, as `listViewerCoupons` reads them, in a statement of fixed text. */
export async function viewerCoupons(
  db: Executor,
  dialect: Dialect,
  shopId: string,
  viewerId: string,
): Promise<CouponRow[]> {
  return couponsQuery(db, dialect, [shopId, viewerId]);
}
