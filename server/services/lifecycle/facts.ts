import type { LocalizedText, ShopConfig } from "../../../protocol/index.js";
import { birthdayDue } from "../../domain/lifecycle/birthday.js";
import { couponExpiringDue } from "../../domain/lifecycle/coupon-expiring.js";
import type { Due } from "../../domain/lifecycle/due.js";
import { firstOrderDue } from "../../domain/lifecycle/first-order.js";
import { type PointsExpiry, pointsExpiryDue } from "../../domain/lifecycle/points-expiry.js";
import { type OrderLine, replenishDue } from "../../domain/lifecycle/replenish.js";
import { type SegmentMembership, segmentEnteredDue } from "../../domain/lifecycle/segment-entered.js";
import { tierEntryDue } from "../../domain/lifecycle/tier-entry.js";
import {
  type GrowthEvent,
  growthAfterDowngrade,
  heldTierSince,
  rollingGrowth,
  type TierDowngrade,
  tierWindowDue,
} from "../../domain/lifecycle/tier-window.js";
import { winBackDue } from "../../domain/lifecycle/win-back.js";
import { tierIndexFor } from "../../domain/tiers.js";
import type { Executor } from "../../store/executor.js";
import { type LedgerDay, type LifecycleCoupon, usedUpProductsOf, type ViewerFacts } from "../../store/lifecycle.js";
import type { ChunkActivity } from "./chunk-activity.js";

/** How far back order lines are read for replenishment: longer than any product lasts in practice. */
const LINES_LOOKBACK_MS = 2 * 365 * 24 * 3600_000;

/** A tier downgrade to write, with the growth balance it was decided on and the balance it leaves. */
export interface PlannedDowngrade {
  change: TierDowngrade;
  growthBefore: number;
  growthAfter: number;
}

/** What the rules decided for one viewer: every touch they foresee, an expiry of points and a downgrade to write. */
export interface ViewerDues {
  viewer: ViewerFacts;
  due: Due[];
  expire: PointsExpiry | null;
  downgrade: PlannedDowngrade | null;
}

/** What the sweep knows beyond the chunk's own facts. */
export interface SweepFacts {
  /** per viewer, the segment memberships a welcome may follow (the first reading's left out) */
  memberships: ReadonlyMap<string, readonly SegmentMembership[]>;
  /** when the sweep first found the tier window switched on; null while it is off */
  tierWindowSince: number | null;
  /** the shop's products that are used up, by sku, as the sweep found them when it began */
  usedUp: UsedUpProducts;
}

const parseName = (text: string | null, fallback: string): LocalizedText => {
  if (text === null) return { "zh-CN": fallback, en: fallback };
  try {
    return JSON.parse(text) as LocalizedText;
  } catch {
    return { "zh-CN": text, en: text };
  }
};

/** Products that are used up, by sku: how many days one lasts and the name a reminder shows. */
export type UsedUpProducts = ReadonlyMap<string, { usageDays: number; name: LocalizedText }>;

/** The shop's used-up products, read once per sweep: a catalogue is small, and every chunk's lines need it. */
export async function readUsedUpProducts(db: Executor, shopId: string): Promise<UsedUpProducts> {
  const rows = await usedUpProductsOf(db, shopId);
  return new Map(
    rows.flatMap((r) =>
      r.usage_days === null ? [] : [[r.sku, { usageDays: r.usage_days, name: parseName(r.name, r.sku) }] as const],
    ),
  );
}

/** What the points expiry reads of a viewer's ledger: the last activity, and the last expiry with how much it took. */
interface PointsActivity {
  lastActivityAt: number | null;
  expired: { at: number; amount: number } | null;
}

/** A viewer's growth changes on one day (UTC), as the tier window reads them. */
interface GrowthDay {
  viewer_id: string;
  at: number;
  total: number;
  earned: number;
}

/**
 * What the rules read of the chunk's ledger, from its days (`ledgerDaysRead`: summed per viewer
 * and day) and the amounts of its expiries: the points activity of every viewer (when points
 * expire), when the `climbers` first reached each threshold, and the growth days of the viewers
 * in a tier window (`tiered`).
 */
function ledgerFacts(
  days: readonly LedgerDay[],
  expiries: readonly { viewer_id: string; at: number; amount: number }[],
  wants: { points: boolean; climbers: readonly string[]; tiered: readonly string[] },
) {
  const points = new Map<string, PointsActivity>();
  const reached = new Map<string, (number | null)[]>();
  const growthDays: GrowthDay[] = [];
  const climbing = new Set(wants.climbers);
  const inWindow = new Set(wants.tiered);
  for (const day of days) {
    const id = day.viewer_id;
    if (wants.points && (day.activityAt !== null || day.expiredAt !== null)) {
      let facts = points.get(id);
      if (!facts) {
        facts = { lastActivityAt: null, expired: null };
        points.set(id, facts);
      }
      if (day.activityAt !== null)
        facts.lastActivityAt = Math.max(facts.lastActivityAt ?? day.activityAt, day.activityAt);
    }
    if (climbing.has(id)) {
      const firsts = reached.get(id);
      if (!firsts) reached.set(id, [...day.reached]);
      else
        day.reached.forEach((at, i) => {
          const first = firsts[i];
          if (at !== null && (first === null || first === undefined || at < first)) firsts[i] = at;
        });
    }
    if (inWindow.has(id) && day.growthAt !== null) {
      growthDays.push({ viewer_id: id, at: day.growthAt, total: day.total, earned: day.earned });
    }
  }
  // oldest first: the last one read is the viewer's last expiry
  for (const expiry of expiries) {
    const facts = points.get(expiry.viewer_id);
    if (facts) facts.expired = { at: expiry.at, amount: expiry.amount };
  }
  return { points, reached, growthDays };
}

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

/** Which of a chunk's viewers the rules read the ledger of, and for which tier thresholds (`ledgerDaysRead`). */
export function ledgerWanted(config: ShopConfig, viewers: readonly ViewerFacts[], tierWindowSince: number | null) {
  const auto = config.automations;
  // tier entry: only viewers past the second tier's threshold can have reached a tier worth a touch
  const rewarded = config.tiers.slice(1);
  const lowest = rewarded[0]?.threshold;
  const climbers =
    auto.tierEntry.enabled && lowest !== undefined
      ? viewers.filter((v) => v.growth >= lowest).map((v) => v.viewer_id)
      : [];
  // tier window: only viewers above the first tier have a tier to keep
  const tiered =
    !auto.tierWindow.enabled || tierWindowSince === null
      ? []
      : viewers.filter((v) => tierIndexFor(v.growth, config.tiers) > 0).map((v) => v.viewer_id);
  const points = auto.pointsExpiry.enabled;
  return {
    points,
    climbers,
    tiered,
    ids: points ? viewers.map((v) => v.viewer_id) : [...new Set([...climbers, ...tiered])],
    thresholds: climbers.length > 0 ? rewarded.map((t) => t.threshold) : [],
  };
}

/** A chunk's facts beyond its viewers' rows, as the rules read them. */
export interface ChunkFacts {
  activity: ChunkActivity;
  coupons: readonly LifecycleCoupon[];
  /** the ledger of the viewers `ledgerWanted` names, with the amounts of their expiries */
  ledgerDays: readonly LedgerDay[];
  expiries: readonly { viewer_id: string; at: number; amount: number }[];
}

/** Runs every automation's rule over each viewer of a chunk, on the chunk's facts. */
export function chunkDues(
  config: ShopConfig,
  viewers: readonly ViewerFacts[],
  now: number,
  sweepFacts: SweepFacts,
  facts: ChunkFacts,
): ViewerDues[] {
  const auto = config.automations;
  const zone = config.timezone;
  const rewarded = config.tiers.slice(1);
  const windowSince = auto.tierWindow.enabled ? sweepFacts.tierWindowSince : null;
  const wanted = ledgerWanted(config, viewers, sweepFacts.tierWindowSince);
  const { points, reached, growthDays } = ledgerFacts(facts.ledgerDays, facts.expiries, wanted);
  const growthBy = groupBy(growthDays, (g) => g.viewer_id);
  const { coupons } = facts;
  const { ordersBy, linesBy, lastWatch } = facts.activity;
  const linesSince = now - LINES_LOOKBACK_MS;
  const couponsBy = groupBy(coupons, (c) => c.viewer_id);

  return viewers.map((viewer): ViewerDues => {
    const id = viewer.viewer_id;
    const own = ordersBy.get(id) ?? [];
    const ownCoupons: LifecycleCoupon[] = couponsBy.get(id) ?? [];
    const due: Due[] = [];

    if (auto.replenish.enabled) {
      const ownLines = (linesBy.get(id) ?? []).filter((l) => l.paid_at >= linesSince);
      // only a used-up product's line can be due; the others count as purchases of their sku
      const orderLines: OrderLine[] = ownLines.flatMap((l) => {
        const product = sweepFacts.usedUp.get(l.sku);
        return product
          ? [
              {
                orderId: l.order_id,
                line: l.line,
                sku: l.sku,
                paidAt: l.paid_at,
                usageDays: product.usageDays,
                productName: product.name,
              },
            ]
          : [];
      });
      if (orderLines.length > 0) {
        const purchases = ownLines.map((l) => ({ sku: l.sku, paidAt: l.paid_at }));
        due.push(...replenishDue(id, orderLines, purchases, auto.replenish, zone));
      }
    }

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
          lastWatchAt: lastWatch.get(id) ?? null,
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
    const memberships = sweepFacts.memberships.get(id) ?? [];
    due.push(...segmentEnteredDue(id, memberships, auto.segmentEntered));

    let downgrade: PlannedDowngrade | null = null;
    const days = growthBy.get(id);
    if (windowSince !== null && days) {
      const held = tierIndexFor(viewer.growth, config.tiers);
      const changes: GrowthEvent[] = days.map((d) => ({ at: d.at, amount: d.total }));
      const earned: GrowthEvent[] = days.flatMap((d) => (d.earned === 0 ? [] : [{ at: d.at, amount: d.earned }]));
      // no grace counts before the window was switched on: a shop turning it on downgrades nobody at once
      const since = Math.max(heldTierSince(changes, held, config.tiers) ?? 0, windowSince);
      const decided = tierWindowDue(id, { index: held, since }, earned, config.tiers, auto.tierWindow, now, zone);
      due.push(...decided.due);
      const to = config.tiers.find((t) => t.key === decided.downgrade?.to);
      if (decided.downgrade && to) {
        const windowGrowth = rollingGrowth(earned, now, auto.tierWindow.months, zone);
        downgrade = {
          change: decided.downgrade,
          growthBefore: viewer.growth,
          growthAfter: growthAfterDowngrade(viewer.growth, windowGrowth, to),
        };
      }
    }
    return { viewer, due, expire, downgrade };
  });
}
