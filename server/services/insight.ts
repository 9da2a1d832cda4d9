import { COUPON_SOURCES, type Insight, type LiveInsight, type ShopInsight } from "../../protocol/index.js";
import { toLiveInsight, toShopInsight, toTemplateName } from "../adapters.js";
import { compareCampaignDays, comparisonStart } from "../domain/campaign-days.js";
import { DORMANT_MS, HIGH_INTENT_WINDOW_MS, NEW_BUYER_MS } from "../domain/segments.js";
import type { Executor } from "../store/executor.js";
import {
  cohorts,
  couponsBySource,
  liveOffers,
  liveWatch,
  repurchase,
  revenue,
  segmentSizes,
  templatesById,
  tierCounts,
  viewerSamples,
  watchByLiveSince,
} from "../store/insight.js";
import { pointsIssuedSince } from "../store/offers.js";
import { referralFunnel } from "../store/referrals.js";
import { orderSlotsSince } from "../store/rollups.js";
import { campaignRules } from "./campaigns.js";
import type { Context } from "./context.js";
import { experimentViews } from "./experiments.js";
import { automationReports } from "./lifecycle/report.js";
import { requireRoom, type Shop } from "./shops.js";

/** "This live": everything since the room last went live (the last live, once it ended). */
export async function liveInsight(db: Executor, shop: Shop, roomId: string): Promise<LiveInsight> {
  const room = await requireRoom(db, roomId);
  const since = room.live_started_at;
  if (since === null) return toLiveInsight(roomId, since, null);
  const [viewers, watch, pointsIssued, offers] = await Promise.all([
    viewerSamples(db, roomId, since),
    liveWatch(db, roomId, since),
    pointsIssuedSince(db, shop.id, since),
    liveOffers(db, shop.id, roomId, since),
  ]);
  return toLiveInsight(roomId, since, { viewers, watch, pointsIssued, offers });
}

/** "The shop over time". */
export async function shopInsight(db: Executor, shop: Shop, now: number): Promise<ShopInsight> {
  const [buyers, weeks, tiers, segments, bySource, money, referrals] = await Promise.all([
    repurchase(db, shop.id),
    cohorts(db, shop.id),
    tierCounts(db, shop.id, shop.config.tiers),
    segmentSizes(db, shop.id, now, {
      newBuyerMs: NEW_BUYER_MS,
      dormantMs: DORMANT_MS,
      highIntentWindowMs: HIGH_INTENT_WINDOW_MS,
    }),
    couponsBySource(db, shop.id),
    revenue(db, shop.id),
    referralFunnel(db, shop.id),
  ]);
  return toShopInsight(
    { ...buyers, cohorts: weeks, tiers, segments, coupons: bySource, revenue: money, referrals },
    COUPON_SOURCES,
  );
}

export async function insight(ctx: Context, shop: Shop, roomId: string): Promise<Insight> {
  const { db } = ctx.store;
  const now = ctx.clock.now();
  const since = comparisonStart(now, shop.config.timezone, CAMPAIGN_DAYS);
  const [live, overTime, experiments, automations, rules, orders, watch] = await Promise.all([
    liveInsight(db, shop, roomId),
    shopInsight(db, shop, now),
    experimentViews(db, shop.id),
    automationReports(db, shop.id, shop.config),
    campaignRules(db, shop),
    orderSlotsSince(db, shop.id, since),
    watchByLiveSince(db, shop.id, since),
  ]);
  const named = [
    ...live.offers.map((o) => o.templateId),
    ...experiments.flatMap((e) => e.arms.flatMap((arm) => (arm.templateId ? [arm.templateId] : []))),
  ];
  const templates = (await templatesById(db, shop.id, named)).map(toTemplateName);
  return {
    at: now,
    live,
    shop: overTime,
    experiments,
    templates,
    automations,
    campaignDays: compareCampaignDays(
      { orders: orders.map((o) => ({ at: o.at, paid: o.paid, count: o.orders })), watch },
      rules,
      now,
      shop.config.timezone,
      CAMPAIGN_DAYS,
    ),
  };
}

/** How many whole days back the dashboard compares campaign days with ordinary ones. */
const CAMPAIGN_DAYS = 28;
