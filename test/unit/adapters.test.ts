import { describe, expect, it } from "vitest";
import { COUPON_SOURCES, DEFAULT_CONFIG } from "../../protocol/index.js";
import {
  toCatalogue,
  toCouponGrantedBody,
  toLiveInsight,
  toLiveStartedBody,
  toOfferStats,
  toShopInsight,
  toTemplateName,
  toWallet,
  toWalletUpdate,
  toWinner,
} from "../../server/adapters.js";
import type { CouponTemplateRow, OfferRow } from "../../server/store/schema.js";

const offer: OfferRow = {
  id: "of1",
  shop_id: "s",
  room_id: "r",
  template_id: "t1",
  keyword: "1",
  mode: "first_come",
  status: "ended",
  stock: 10,
  claimed: 10,
  min_tier: null,
  started_at: 1_000,
  ends_at: 61_000,
  ended_at: 9_000,
  sold_out_at: 4_500,
  created_at: 1_000,
  draw_seed: null,
  draw_commitment: null,
  entrant_key: null,
};

const template = (over: Partial<CouponTemplateRow>): CouponTemplateRow => ({
  id: "t1",
  shop_id: "s",
  name: JSON.stringify({ "zh-CN": "满100减10", en: "¥10 off ¥100" }),
  kind: "amount",
  value: 1000,
  min_spend: 10_000,
  valid_days: 7,
  min_tier: null,
  stock: null,
  issued: 0,
  per_viewer_limit: 1,
  points_cost: 500,
  active: 1,
  created_at: 0,
  ...over,
});

describe("rows become wire shapes in the adapters", () => {
  it("the host panel's offer: sell-out time from the start, nothing without an offer", () => {
    expect(toOfferStats(offer, 14)).toEqual({ id: "of1", claimed: 10, stock: 10, soldOutMs: 3_500, entries: 14 });
    expect(toOfferStats({ ...offer, sold_out_at: null }, 3)?.soldOutMs).toBeNull();
    expect(toOfferStats(null, 0)).toBeNull();
  });

  it("a winner, named by the entry or the shop", () => {
    expect(toWinner({ viewer_id: "v1", name: "小王", won_at: 2_000 })).toEqual({
      viewerId: "v1",
      name: "小王",
      at: 2_000,
    });
  });

  it("the wallet push carries the balance and the change that made it, and nothing of the ledger row", () => {
    const wallet = toWallet({ points: 120, growth: 600 }, DEFAULT_CONFIG);
    const entry = { id: 7, delta: 20, reason: "watch" as const, idempotency_key: "k", points_after: 120 };
    expect(toWalletUpdate(wallet, entry)).toEqual({ wallet, delta: 20, reason: "watch" });
  });

  it("a template named by the dashboard: name and terms only", () => {
    expect(toTemplateName(template({}))).toEqual({
      id: "t1",
      name: { "zh-CN": "满100减10", en: "¥10 off ¥100" },
      kind: "amount",
      value: 1000,
      minSpend: 10_000,
    });
  });

  it("the exchange catalogue holds templates priced in points with stock left", () => {
    const items = toCatalogue([
      template({ id: "priced" }),
      template({ id: "free", points_cost: null }),
      template({ id: "gone", stock: 5, issued: 5 }),
      template({ id: "left", stock: 5, issued: 2 }),
    ]);
    expect(items.map((i) => [i.templateId, i.pointsCost, i.remaining])).toEqual([
      ["priced", 500, null],
      ["left", 500, 3],
    ]);
  });

  it("this live: empty before the room ever went live; average minutes from the watch figures", () => {
    expect(toLiveInsight("r", null, null)).toEqual({
      roomId: "r",
      since: null,
      viewers: [],
      watch: { viewers: 0, averageMinutes: 0, distribution: [] },
      pointsIssued: 0,
      offers: [],
    });
    const live = toLiveInsight("r", 1_000, {
      viewers: [{ at: 60_000, viewers: 3 }],
      watch: { viewers: 2, totalMs: 30 * 60_000, distribution: [] },
      pointsIssued: 40,
      offers: [{ offer, redeemed: 2, revenue: 19_800 }],
    });
    expect(live.watch.averageMinutes).toBe(15);
    expect(live.offers).toEqual([
      {
        id: "of1",
        templateId: "t1",
        startedAt: 1_000,
        stock: 10,
        claimed: 10,
        soldOutMs: 3_500,
        redeemed: 2,
        revenue: 19_800,
      },
    ]);
  });

  it("the shop over time: a rate that is 0 without buyers, and every coupon source in order", () => {
    const shop = toShopInsight(
      {
        buyers: 0,
        repeatBuyers: 0,
        cohorts: [],
        tiers: [],
        segments: { highIntent: 0, newBuyer: 0, dormant: 0 },
        coupons: [{ source: "birthday", issued: 2, redeemed: 1 }],
        revenue: { total: 0, withCoupon: 0, ordersWithCoupon: 0 },
        referrals: { invites: 0, joins: 0, qualified: 0, firstOrders: 0 },
      },
      COUPON_SOURCES,
    );
    expect(shop.repurchaseRate).toBe(0);
    expect(shop.coupons.map((c) => [c.source, c.issued])).toEqual(
      COUPON_SOURCES.map((source) => [source, source === "birthday" ? 2 : 0]),
    );
  });

  it("the webhooks' bodies: live.started with its subscribers, coupon.granted with the grant", () => {
    const room = { id: "r", title: "上新", live_started_at: null };
    expect(toLiveStartedBody(room, [{ viewer_id: "v1", name: null, created_at: 5 }], 9)).toEqual({
      roomId: "r",
      title: "上新",
      startedAt: 9,
      subscribers: [{ viewerId: "v1", name: null, since: 5 }],
    });
    const coupon = {
      viewer_id: "v1",
      code: "C0DE",
      template_id: "t1",
      source: "deal" as const,
      source_ref: "of1",
      kind: "amount" as const,
      value: 1000,
      min_spend: 10_000,
      expires_at: 99,
    };
    expect(toCouponGrantedBody(coupon)).toEqual({
      viewerId: "v1",
      code: "C0DE",
      templateId: "t1",
      source: "deal",
      sourceRef: "of1",
      kind: "amount",
      value: 1000,
      minSpend: 10_000,
      expiresAt: 99,
    });
  });
});
