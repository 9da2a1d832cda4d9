import type { LocalizedText, ShopConfig } from "../../../protocol/index.js";
import { birthdayDue } from "../../domain/lifecycle/birthday.js";
import { couponExpiringDue } from "../../domain/lifecycle/coupon-expiring.js";
import type { Due } from "../../domain/lifecycle/due.js";
import { firstOrderDue } from "../../domain/lifecycle/first-order.js";
import { type PointsExpiry, pointsExpiryDue } from "../../domain/lifecycle/points-expiry.js";
import { type OrderLine, replenishDue } from "../../domain/lifecycle/replenish.js";
import { tierEntryDue } from "../../domain/lifecycle/tier-entry.js";
import { winBackDue } from "../../domain/lifecycle/win-back.js";
import type { Executor } from "../../store/executor.js";
import {
  couponsOf,
  lastWatchOf,
  orderLinesOf,
  ordersOf,
  pointsActivityOf,
  thresholdsReachedOf,
  type ViewerFacts,
} from "../../store/lifecycle.js";
import type { CouponRow } from "../../store/schema.js";

/** How far back order lines are read for replenishment: longer than any product lasts in practice. */
const LINES_LOOKBACK_MS = 2 * 365 * 24 * 3600_000;

/** What the rules decided for one viewer: every touch they foresee, and an expiry of points to write. */
export interface ViewerDues {
  viewer: ViewerFacts;
  due: Due[];
  expire: PointsExpiry | null;
}

const parseName = (text: string | null, fallback: string): LocalizedText => {
  if (text === null) return { "zh-CN": fallback, en: fallback };
  try {
    return JSON.parse(text) as LocalizedText;
  } catch {
    return { "zh-CN": text, en: text };
  }
};

/** Rows by a key, each group in the rows' order. */
export function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const list = out.get(key(row));
    if (list) list.push(row);
    else out.set(key(row), [row]);
  }
  return out;
}

/**
 * Reads one chunk's facts (a handful of set-based queries, whatever the chunk's size) and runs
 * every automation's rule over each viewer of it.
 */
export async function chunkDues(
  db: Executor,
  shopId: string,
  config: ShopConfig,
  viewers: readonly ViewerFacts[],
  now: number,
): Promise<ViewerDues[]> {
  const ids = viewers.map((v) => v.viewer_id);
  const auto = config.automations;
  const zone = config.timezone;
  // tier entry: only viewers past the second tier's threshold can have reached a tier worth a touch
  const rewarded = config.tiers.slice(1);
  const lowest = rewarded[0]?.threshold;
  const climbers =
    auto.tierEntry.enabled && lowest !== undefined ? ids.filter((_, i) => (viewers[i]?.growth ?? 0) >= lowest) : [];
  const [orders, lines, coupons, watched, points, reached] = await Promise.all([
    ordersOf(db, shopId, ids),
    auto.replenish.enabled ? orderLinesOf(db, shopId, ids, now - LINES_LOOKBACK_MS) : Promise.resolve([]),
    couponsOf(db, shopId, ids, now),
    lastWatchOf(db, shopId, ids),
    auto.pointsExpiry.enabled ? pointsActivityOf(db, shopId, ids) : Promise.resolve(new Map()),
    thresholdsReachedOf(
      db,
      shopId,
      climbers,
      rewarded.map((t) => t.threshold),
    ),
  ]);
  const ordersBy = groupBy(orders, (o) => o.viewer_id);
  const linesBy = groupBy(lines, (l) => l.viewer_id);
  const couponsBy = groupBy(coupons, (c) => c.viewer_id);

  return viewers.map((viewer): ViewerDues => {
    const id = viewer.viewer_id;
    const own = ordersBy.get(id) ?? [];
    const ownCoupons: CouponRow[] = couponsBy.get(id) ?? [];
    const ownLines = linesBy.get(id) ?? [];
    const due: Due[] = [];

    const orderLines: OrderLine[] = ownLines.map((l) => ({
      orderId: l.order_id,
      line: l.line,
      sku: l.sku,
      paidAt: l.paid_at,
      usageDays: l.usage_days,
      productName: parseName(l.product ?? null, l.name ?? l.sku),
    }));
    due.push(
      ...replenishDue(
        id,
        orderLines,
        ownLines.map((l) => ({ sku: l.sku, paidAt: l.paid_at })),
        auto.replenish,
        zone,
      ),
    );

    const first = own[0];
    const firstCoupon = first
      ? ownCoupons.find((c) => c.source === "first_order" && c.source_ref === first.order_id)
      : undefined;
    due.push(
      ...firstOrderDue(
        id,
        first
          ? {
              orderId: first.order_id,
              paidAt: first.paid_at,
              couponName: firstCoupon ? parseName(firstCoupon.name, "") : null,
            }
          : null,
        auto.firstOrder,
        zone,
      ),
    );

    due.push(
      ...couponExpiringDue(
        id,
        ownCoupons
          .filter((c) => c.state === "issued" && c.expires_at > now)
          .map((c) => ({
            code: c.code,
            name: parseName(c.name, ""),
            state: c.state,
            issuedAt: c.issued_at,
            expiresAt: c.expires_at,
          })),
        auto.couponExpiring,
        now,
        zone,
      ),
    );

    due.push(
      ...winBackDue(
        id,
        {
          lastWatchAt: watched.get(id) ?? null,
          lastOrderAt: own.length > 0 ? (own[own.length - 1]?.paid_at ?? null) : null,
          since: viewer.created_at,
        },
        auto.winBack,
        zone,
      ),
    );

    due.push(...birthdayDue(id, viewer.birthday, auto.birthday, now, zone));

    const reachedAt = reached.get(id) ?? [];
    due.push(
      ...tierEntryDue(
        id,
        rewarded.flatMap((tier, i) => {
          const at = reachedAt[i];
          return at === null || at === undefined ? [] : [{ tierKey: tier.key, at }];
        }),
        config.tiers,
        auto.tierEntry,
      ),
    );

    let expire: PointsExpiry | null = null;
    const activity = points.get(id);
    if (auto.pointsExpiry.enabled && activity?.lastActivityAt != null) {
      const expired = activity.expired && activity.expired.at >= activity.lastActivityAt ? activity.expired : null;
      const decided = pointsExpiryDue(
        id,
        { balance: viewer.points, lastActivityAt: activity.lastActivityAt, expired },
        auto.pointsExpiry,
        now,
        zone,
      );
      due.push(...decided.due);
      expire = decided.expire;
    }
    return { viewer, due, expire };
  });
}
