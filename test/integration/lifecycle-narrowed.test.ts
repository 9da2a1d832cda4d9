import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY_MS } from "../../server/domain/coupons.js";
import { recordClick } from "../../server/services/clicks.js";
import { sweep } from "../../server/services/lifecycle/sweep.js";
import { placeOrder, refundOrder } from "../../server/services/orders.js";
import { getShop, type Shop, saveConfig } from "../../server/services/shops.js";
import { BENCH_SHOP, seedLifecycleShop, shopMorning } from "../../support/lifecycle-shop.js";
import { startServer, type TestServer } from "../../support/server.js";

/**
 * The narrowed sweep (only the viewers something can be due for) must decide exactly what a sweep
 * of every viewer decides. Two servers hold the same seeded shop and live the same scripted days
 * (orders, repeat purchases with and without coupons, refunds, clicks, a change of settings); one
 * sweeps narrowed, the other reads everyone, each morning and some nights (quiet hours). After each
 * sweep their touches, segment memberships, expiries, downgrades and webhooks must be the same.
 */

const DAYS = 45;
const SKUS = [
  { sku: "serum-30", price: 19_900 },
  { sku: "mask-5", price: 5_900 },
  { sku: "coffee-beans", price: 8_800 },
  { sku: "tea-gift", price: 36_800 },
  { sku: "lip-balm", price: 3_900 },
];

/** A small deterministic generator: both servers must live the same days. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function decisions(server: TestServer) {
  const { db } = server.store;
  const touches = await db
    .selectFrom("touches")
    .select(["viewer_id", "key", "status", "reason", "due_at", "sent_at", "held_at", "params"])
    .where("shop_id", "=", BENCH_SHOP)
    .orderBy("viewer_id")
    .orderBy("key")
    .execute();
  // a coupon's code is random on each server: its reminder is named by what granted the coupon
  const coupons = await db
    .selectFrom("coupons")
    .select(["code", "grant_key"])
    .where("shop_id", "=", BENCH_SHOP)
    .execute();
  const grants = new Map(coupons.map((c) => [c.code, c.grant_key]));
  const named = touches
    .map((t) => {
      const [kind, code] = t.key.split(":");
      return kind === "coupon_expiring" ? { ...t, key: `${kind}:${grants.get(code ?? "") ?? "?"}` } : t;
    })
    .sort((a, b) => (a.viewer_id + a.key < b.viewer_id + b.key ? -1 : 1));
  const memberships = await db
    .selectFrom("segment_memberships")
    .select(["viewer_id", "segment", "entered_at", "baseline"])
    .where("shop_id", "=", BENCH_SHOP)
    .orderBy("viewer_id")
    .orderBy("segment")
    .execute();
  const written = await db
    .selectFrom("ledger")
    .select(["viewer_id", "delta", "growth_delta", "idempotency_key", "created_at"])
    .where("shop_id", "=", BENCH_SHOP)
    .where("reason", "in", ["expire", "tier_window"])
    .orderBy("viewer_id")
    .orderBy("idempotency_key")
    .execute();
  const webhooks = await db
    .selectFrom("outbox")
    .select(["event", (eb) => eb.fn.countAll<number>().as("n")])
    .where("shop_id", "=", BENCH_SHOP)
    .groupBy("event")
    .orderBy("event")
    .execute();
  return { touches: named, memberships, written, webhooks: webhooks.map((w) => `${w.event}:${Number(w.n)}`) };
}

describe("the narrowed daily sweep", () => {
  let narrowed: TestServer;
  let full: TestServer;
  let viewers: string[];

  beforeAll(async () => {
    [narrowed, full] = await Promise.all([startServer(), startServer()]);
    const start = shopMorning(narrowed.clock.now());
    for (const server of [narrowed, full]) {
      server.clock.set(start);
      await seedLifecycleShop(server.store, { viewers: 400, orders: 800 }, start);
    }
    const rows = await narrowed.store.db
      .selectFrom("viewers")
      .select("viewer_id")
      .where("shop_id", "=", BENCH_SHOP)
      .where("is_host", "=", 0)
      .orderBy("viewer_id")
      .execute();
    viewers = rows.map((r) => r.viewer_id);
  }, 120_000);
  afterAll(async () => {
    await narrowed?.close();
    await full?.close();
  });

  it("decides exactly what the sweep of every viewer decides, day after day", async () => {
    const next = random(15);
    const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)] as T;
    const placed: string[] = [];
    const start = narrowed.clock.now();
    let readNarrowed = 0;
    let readFull = 0;

    let sweeps = 0;
    const statuses = new Set<string>();
    const sweepBoth = async (at: number, day: number, expectNarrowed: boolean) => {
      const results = [];
      for (const [server, wholeShop] of [
        [narrowed, false],
        [full, true],
      ] as const) {
        server.clock.set(at);
        const shop = (await getShop(server.store.db, BENCH_SHOP)) as Shop;
        results.push(await sweep(server.app.ctx, shop, at, { holder: "test", leaseMs: 60_000, full: wholeShop }));
      }
      const [a, b] = results;
      expect(a?.ran && b?.ran).toBe(true);
      const { viewers: readA, narrowed: narrowedA, ...decidedA } = a ?? {};
      const { viewers: readB, narrowed: _, ...decidedB } = b ?? {};
      expect(decidedA, `sweep of day ${day}`).toEqual(decidedB);
      expect(narrowedA, `sweep of day ${day} narrowed`).toBe(expectNarrowed);
      if (expectNarrowed) {
        readNarrowed += readA ?? 0;
        readFull += readB ?? 0;
      }
      const [left, right] = await Promise.all([decisions(narrowed), decisions(full)]);
      expect(left, `decisions after the sweep of day ${day}`).toEqual(right);
      for (const t of left.touches) statuses.add(t.status);
      sweeps++;
    };

    let settingsChanged = false;
    for (let day = 0; day < DAYS; day++) {
      const morning = start + day * DAY_MS;
      // the first sweep reads everyone (it records segments), as does the first after a change of settings
      await sweepBoth(morning, day, sweeps > 0 && !settingsChanged);
      settingsChanged = false;

      // the day's activity, the same on both servers, at noon shop time
      const activity: Array<(server: TestServer, shop: Shop) => Promise<unknown>> = [];
      for (let i = 0; i < 6; i++) {
        const viewerId = pick(viewers);
        const item = pick(SKUS);
        const orderId = `d${day}-${i}`;
        placed.push(orderId);
        activity.push((server, shop) =>
          placeOrder(server.app.ctx, shop, {
            orderId,
            viewerId,
            amount: item.price,
            items: [{ sku: item.sku, qty: 1, price: item.price }],
            paidAt: server.clock.now(),
            pointsUsed: 0,
          }),
        );
      }
      if (day % 4 === 3) {
        const orderId = pick(placed);
        activity.push((server, shop) => refundOrder(server.app.ctx, shop, orderId).catch(() => null));
      }
      const clicker = pick(viewers);
      const sku = pick(SKUS).sku;
      for (let i = 0; i < 3; i++) activity.push((server, shop) => recordClick(server.app.ctx, shop.id, clicker, sku));
      for (const server of [narrowed, full]) {
        server.clock.set(morning + 2 * 3600_000);
        const shop = (await getShop(server.store.db, BENCH_SHOP)) as Shop;
        for (const act of activity) await act(server, shop);
        if (day === 20) {
          const { automations } = shop.config;
          await saveConfig(server.store.db, shop.id, {
            ...shop.config,
            automations: { ...automations, replenish: { ...automations.replenish, leadDays: 7 } },
          });
        }
      }
      settingsChanged = day === 20;

      // every fifth day a sweep at night too: quiet hours defer what falls due
      if (day % 5 === 2) {
        await sweepBoth(morning + 12 * 3600_000, day, !settingsChanged);
        settingsChanged = false;
      }
    }
    const final = await decisions(narrowed);
    // the script made something of every kind happen, or the comparison says little
    const kinds = new Set(final.touches.map((t) => t.key.split(":")[0]));
    for (const kind of ["replenish", "first_order", "coupon_expiring", "win_back", "birthday", "points_expiring"]) {
      expect(kinds, kind).toContain(kind);
    }
    expect(statuses).toEqual(new Set(["sent", "holdout", "held", "deferred", "cancelled"]));
    // and the narrowed sweeps read a fraction of what the full ones did
    expect(readNarrowed).toBeLessThan(readFull / 2);
  }, 600_000);
});
