import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { experimentView } from "../../server/services/experiments.js";
import { liveInsight, shopInsight } from "../../server/services/insight.js";
import { createRoom, createShop, requireShop, type Shop } from "../../server/services/shops.js";
import { createTestStore, type TestStore } from "../../support/store.js";
import { D, H, LIVE, NOW, seedInsight } from "../fixtures/insight-seed.js";

/** Every dashboard figure on seeded data, against answers worked out by hand (see the fixture's comments). */
describe("insight figures in the store", () => {
  let test: TestStore;
  let shop: Shop;
  let roomId: string;

  beforeAll(async () => {
    test = await createTestStore();
    const created = await createShop(test.store.db, { name: "Insight" }, NOW - 60 * D);
    roomId = (await createRoom(test.store.db, created.id, { title: "Tonight" }, NOW - 60 * D)).id;
    await seedInsight(test.store.db, created.id, roomId);
    shop = await requireShop(test.store.db, created.id);
  });
  afterAll(async () => {
    await test.store.close();
    await test.dispose();
  });

  it("this live: viewers, watch minutes, points issued and each offer since the room went live", async () => {
    const live = await liveInsight(test.store.db, shop, roomId);
    expect(live.since).toBe(LIVE);
    // the sample an hour before the live belongs to an earlier one
    expect(live.viewers).toEqual([
      { at: LIVE, viewers: 3 },
      { at: LIVE + 60_000, viewers: 5 },
    ]);
    // 5 + 25 + 45 + 90 minutes over 4 viewers; v5's 100 minutes were in yesterday's live
    expect(live.watch.viewers).toBe(4);
    expect(live.watch.averageMinutes).toBe(41.25);
    expect(live.watch.distribution.map((b) => b.viewers)).toEqual([1, 1, 1, 1]);
    // +10 and +50 during the live; the -30 spend and the +10 before it do not count
    expect(live.pointsIssued).toBe(60);
    expect(live.offers).toEqual([
      // c1 (redeemed on o2, ¥80 paid) and c5 (unused) came from offA
      {
        id: "offA",
        templateId: "tpl",
        startedAt: LIVE + 600_000,
        stock: 10,
        claimed: 10,
        soldOutMs: 45_000,
        redeemed: 1,
        revenue: 8_000,
      },
      {
        id: "offB",
        templateId: "tpl",
        startedAt: LIVE + 1_800_000,
        stock: 5,
        claimed: 1,
        soldOutMs: null,
        redeemed: 0,
        revenue: 0,
      },
    ]);
  });

  it("the shop over time: repurchase, cohorts, tiers, segments, coupons by source, coupon revenue", async () => {
    const overTime = await shopInsight(test.store.db, shop, NOW);
    // buyers v1 (3 orders), v2 (1 kept, 1 refunded), v3 (2), v4 (1)
    expect({ buyers: overTime.buyers, repeat: overTime.repeatBuyers, rate: overTime.repurchaseRate }).toEqual({
      buyers: 4,
      repeat: 2,
      rate: 0.5,
    });
    expect(overTime.cohorts).toEqual([
      // v1 and v2 first bought in the week of Monday 5 January; v1 came back in weeks 1 and 3
      { weekStart: Date.UTC(2026, 0, 5), buyers: 2, retained: [1, 0, 1, 0] },
      { weekStart: Date.UTC(2026, 0, 12), buyers: 1, retained: [1, 0, 0, 0] },
      { weekStart: Date.UTC(2026, 0, 26), buyers: 1, retained: [0, 0, 0, 0] },
    ]);
    expect(overTime.tiers).toEqual([
      { tier: "fan", viewers: 2 },
      { tier: "silver", viewers: 1 },
      { tier: "gold", viewers: 1 },
      { tier: "vip", viewers: 1 },
    ]);
    // high intent: v1 (A) and v3 (A, C); new buyer: v4; dormant: v1, v2 (watched 31 days ago), v5 (joined 30 days ago)
    expect(overTime.segments).toEqual({ highIntent: 2, newBuyer: 1, dormant: 3 });
    expect(overTime.coupons).toEqual([
      { source: "deal", issued: 3, redeemed: 1 },
      { source: "exchange", issued: 1, redeemed: 0 },
      { source: "first_order", issued: 2, redeemed: 1 },
      { source: "birthday", issued: 0, redeemed: 0 },
      { source: "nudge", issued: 1, redeemed: 1 },
      { source: "manual", issued: 0, redeemed: 0 },
      { source: "automation", issued: 0, redeemed: 0 },
      { source: "host_gift", issued: 0, redeemed: 0 },
      { source: "referral", issued: 0, redeemed: 0 },
    ]);
    expect(overTime.referrals).toEqual({ invites: 0, joins: 0, qualified: 0, firstOrders: 0 });
    // kept orders: 100 + 80 + 50 + 120 + 200 + 150 + 70; with a coupon: o2, o3, o7
    expect(overTime.revenue).toEqual({ total: 77_000, withCoupon: 28_000, ordersWithCoupon: 3 });
  });

  it("experiment results per arm count only what happened within 30 days of first exposure", async () => {
    const view = await experimentView(test.store.db, shop.id, "exp1");
    const byArm = Object.fromEntries(view.results.map((r) => [r.arm, r]));
    // a: v1 (c1, c7, c3 issued after 4 Jan; redeemed; o1 o2 o3) and v2 (c5 after 6 Jan; o4; o5 refunded)
    expect(byArm.a).toMatchObject({ exposed: 2, claimed: 2, redeemed: 1, orders: 4, revenue: 35_000 });
    expect(byArm.a?.claimRate).toBe(1);
    expect(byArm.a?.redemptionRate).toBe(0.5);
    expect(byArm.a?.revenuePerViewer).toBe(17_500);
    // b: v3 (c6 issued the day before exposure does not count; c2 does; o6 o7)
    expect(byArm.b).toMatchObject({ exposed: 1, claimed: 1, redeemed: 1, orders: 2, revenue: 35_000 });
    // holdout: v4, exposed 1 January, bought on 28 January (inside the window)
    expect(byArm.holdout).toMatchObject({ exposed: 1, claimed: 0, redeemed: 0, orders: 1, revenue: 7_000 });
    // two viewers a side is far below the minimum sample: no winner
    expect(view.comparisons.every((c) => c.verdict === "not_enough_data")).toBe(true);
    expect(view.comparisons.map((c) => `${c.arm}/${c.metric}`)).toEqual([
      "b/claim",
      "b/redemption",
      "holdout/claim",
      "holdout/redemption",
    ]);
    expect(H).toBe(3600_000);
  });
});
