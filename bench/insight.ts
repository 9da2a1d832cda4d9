/**
 * How long the dashboard's figures take on a shop with a real history, on a temp SQLite file
 * (or Postgres with ENCORE_DB=postgres://…): seeds viewers, orders, coupons, redemptions,
 * clicks, a live with watch rows and offers, and an experiment's exposures in bulk, then times
 * `insight()` (every figure plus the experiment's results) over several runs and writes
 * bench/results/insight.json.
 *
 *   npx tsx bench/insight.ts [viewers=20000]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { Kysely } from "kysely";
import pino from "pino";
import { systemClock } from "../server/clock.js";
import { SILENT_NOTIFIER } from "../server/services/context.js";
import { insight } from "../server/services/insight.js";
import { createRoom, createShop } from "../server/services/shops.js";
import { rebuildCouponCounts } from "../server/store/coupon-counts.js";
import { openStore } from "../server/store/database.js";
import { rebuildIntent } from "../server/store/intent-rebuild.js";
import { rebuildRollups, YEAR_MS } from "../server/store/rollups-rebuild.js";

const viewers = Number(process.argv[2] ?? 20_000);
const RUNS = 5;
const DAY = 24 * 3600_000;

/** A deterministic pseudo-random sequence, so two runs seed the same shop. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "encore-insight-bench-"));
  const store = await openStore(process.env.ENCORE_DB ?? join(dir, "bench.db"));
  const clock = systemClock;
  const now = clock.now();
  const rand = random(7);
  const shop = await createShop(store.db, { name: "Bench" }, now - 200 * DAY);
  const room = await createRoom(store.db, shop.id, { title: "Bench live" }, now - 200 * DAY);
  const liveStart = now - 3 * 3600_000;
  await store.db.updateTable("rooms").set({ live: 1, live_started_at: liveStart }).where("id", "=", room.id).execute();
  await store.db
    .insertInto("coupon_templates")
    .values({
      id: "tpl",
      shop_id: shop.id,
      name: "{}",
      kind: "amount",
      value: 1000,
      min_spend: 0,
      valid_days: 30,
      min_tier: null,
      stock: null,
      issued: 0,
      per_viewer_limit: 100,
      points_cost: null,
      active: 1,
      created_at: now - 200 * DAY,
    })
    .execute();
  await store.db
    .insertInto("experiments")
    .values({
      id: "exp",
      shop_id: shop.id,
      name: "bench",
      incentive: "watch_rate",
      arms: JSON.stringify([
        { key: "a", pointsPerBlock: 10 },
        { key: "b", pointsPerBlock: 20 },
      ]),
      holdout_percent: 10,
      min_sample: 100,
      status: "running",
      created_at: now - 120 * DAY,
      stopped_at: null,
    })
    .execute();

  const seedStart = performance.now();
  const counts = { viewers, orders: 0, coupons: 0, clicks: 0, watchRows: 0, exposures: 0 };
  const CHUNK = 500;
  for (let from = 0; from < viewers; from += CHUNK) {
    const ids = Array.from({ length: Math.min(CHUNK, viewers - from) }, (_, i) => `v${from + i}`);
    const orders: Record<string, unknown>[] = [];
    const coupons: Record<string, unknown>[] = [];
    const clicks: Record<string, unknown>[] = [];
    const watch: Record<string, unknown>[] = [];
    const exposures: Record<string, unknown>[] = [];
    for (const id of ids) {
      const n = rand() < 0.4 ? Math.floor(rand() * 4) + 1 : 0;
      let at = now - Math.floor(rand() * 150) * DAY;
      for (let k = 0; k < n; k++) {
        const withCoupon = rand() < 0.3;
        const code = `${id}-c${k}`;
        if (withCoupon) {
          coupons.push({
            code,
            shop_id: shop.id,
            viewer_id: id,
            template_id: "tpl",
            name: "{}",
            kind: "amount",
            value: 1000,
            min_spend: 0,
            source: ["deal", "first_order", "nudge"][k % 3],
            source_ref: "x",
            grant_key: code,
            state: "redeemed",
            issued_at: at - DAY,
            expires_at: at + 29 * DAY,
            redeemed_at: at,
            redeemed_order: `${id}-o${k}`,
            discount: 1000,
          });
        }
        orders.push({
          shop_id: shop.id,
          order_id: `${id}-o${k}`,
          viewer_id: id,
          amount: 10_000,
          discount: 0,
          points_used: 0,
          points_value: 0,
          paid: 9_000 + k * 100,
          points_earned: 0,
          growth_earned: 0,
          coupon_code: withCoupon ? code : null,
          request: "{}",
          response: "{}",
          paid_at: at,
          created_at: at,
          refunded_at: rand() < 0.05 ? at + DAY : null,
          refund: null,
        });
        at += Math.floor(rand() * 20 + 1) * DAY;
      }
      if (rand() < 0.2) {
        const code = `${id}-x`;
        coupons.push({
          code,
          shop_id: shop.id,
          viewer_id: id,
          template_id: "tpl",
          name: "{}",
          kind: "amount",
          value: 1000,
          min_spend: 0,
          source: "exchange",
          source_ref: "x",
          grant_key: code,
          state: "issued",
          issued_at: now - 3 * DAY,
          expires_at: now + 27 * DAY,
          redeemed_at: null,
          redeemed_order: null,
          discount: null,
        });
      }
      for (let c = 0; c < Math.floor(rand() * 4); c++)
        clicks.push({
          shop_id: shop.id,
          viewer_id: id,
          sku: `sku${c % 2}`,
          at: now - Math.floor(rand() * 30) * 3600_000,
        });
      if (rand() < 0.3)
        watch.push({
          room_id: room.id,
          live_started_at: liveStart,
          shop_id: shop.id,
          viewer_id: id,
          watched_ms: Math.floor(rand() * 120) * 60_000,
        });
      if (rand() < 0.5)
        exposures.push({
          experiment_id: "exp",
          shop_id: shop.id,
          viewer_id: id,
          arm: ["a", "b", "holdout"][Math.floor(rand() * 3)],
          exposed_at: now - Math.floor(rand() * 100) * DAY,
        });
    }
    await store.db.transaction().execute(async (trx) => {
      await trx
        .insertInto("viewers")
        .values(
          ids.map((id) => ({
            shop_id: shop.id,
            viewer_id: id,
            name: null,
            birthday: null,
            points: 0,
            growth: Math.floor(rand() * 10_000),
            created_at: now - Math.floor(rand() * 200) * DAY,
          })),
        )
        .execute();
      // biome-ignore lint/suspicious/noExplicitAny: bulk rows built above match the tables
      const insert = async (table: any, rows: Record<string, unknown>[]) =>
        rows.length > 0 &&
        (await trx
          .insertInto(table)
          .values(rows as never)
          .execute());
      await insert("orders", orders);
      await insert("coupons", coupons);
      await insert("clicks", clicks);
      await insert("live_watch", watch);
      await insert("experiment_exposures", exposures);
    });
    counts.orders += orders.length;
    counts.coupons += coupons.length;
    counts.clicks += clicks.length;
    counts.watchRows += watch.length;
    counts.exposures += exposures.length;
  }
  // written straight into the tables: the roll-ups the order paths keep are made from them once
  await rebuildRollups(store.db as unknown as Kysely<unknown>, now - YEAR_MS, shop.id);
  await rebuildIntent(store.db as unknown as Kysely<unknown>, shop.id);
  await rebuildCouponCounts(store.db as unknown as Kysely<unknown>, shop.id);
  const seedMs = performance.now() - seedStart;

  const ctx = {
    store,
    clock,
    notifier: SILENT_NOTIFIER,
    log: pino({ level: "silent" }),
  };
  const timings: number[] = [];
  let last = null;
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    last = await insight(ctx, shop, room.id);
    timings.push(performance.now() - start);
  }
  timings.sort((a, b) => a - b);
  const figures = {
    store: store.dialect,
    ...counts,
    seedSeconds: Math.round(seedMs / 100) / 10,
    runs: RUNS,
    insightMsMedian: Math.round((timings[Math.floor(RUNS / 2)] ?? 0) * 10) / 10,
    insightMsMax: Math.round((timings[RUNS - 1] ?? 0) * 10) / 10,
    check: {
      buyers: last?.shop.buyers,
      repurchaseRate: last?.shop.repurchaseRate,
      exposed: last?.experiments[0]?.results.map((r) => r.exposed),
    },
  };
  console.log(JSON.stringify(figures, null, 2));
  mkdirSync("bench/results", { recursive: true });
  writeFileSync("bench/results/insight.json", `${JSON.stringify(figures, null, 2)}\n`);
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}

await main();
