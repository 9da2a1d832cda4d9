/**
 * How long the dashboard's figures take on a shop with a real history, on a temp SQLite file
 * (or Postgres with ENCORE_DB=postgres://…): the bulk shop (support/bulk-shop.ts: viewers,
 * watching, orders, refunds, coupons and redemptions, clicks, a live with watch rows) and an
 * experiment's exposures, then times `insight()` (every figure plus the experiment's results)
 * over several runs and writes bench/results/insight.json.
 *
 *   npx tsx bench/insight.ts [viewers=20000] [orders=viewers]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { Kysely } from "kysely";
import pino from "pino";
import { systemClock } from "../server/clock.js";
import { insight } from "../server/services/insight.js";
import { requireShop } from "../server/services/shops.js";
import { openStore } from "../server/store/database.js";
import { insertRows, seedBulkShop } from "../support/bulk-shop.js";

const viewers = Number(process.argv[2] ?? 20_000);
const orders = Number(process.argv[3] ?? viewers);
const RUNS = 5;
const DAY = 24 * 3600_000;

/** A deterministic pseudo-random sequence, so two runs expose the same viewers. */
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
  const seedStart = performance.now();
  const seeded = await seedBulkShop(store, { shopId: "bench", viewers, orders, seed: 7, now });
  const shop = await requireShop(store.db, seeded.shopId);
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
  // half the shop was exposed to the experiment, in an arm or the holdout
  let exposures = 0;
  const CHUNK = 5_000;
  for (let from = 0; from < viewers; from += CHUNK) {
    const rows: (string | number)[][] = [];
    for (let i = from; i < Math.min(viewers, from + CHUNK); i++) {
      if (rand() >= 0.5) continue;
      const arm = ["a", "b", "holdout"][Math.floor(rand() * 3)] as string;
      rows.push(["exp", `v${i}`, shop.id, arm, now - Math.floor(rand() * 100) * DAY]);
    }
    const columns = [
      ["experiment_id", "text"],
      ["viewer_id", "text"],
      ["shop_id", "text"],
      ["arm", "text"],
      ["exposed_at", "int8"],
    ] as const;
    await insertRows(store.db as unknown as Kysely<unknown>, store.dialect, "experiment_exposures", columns, rows);
    exposures += rows.length;
  }
  const seedMs = performance.now() - seedStart;
  const counts = {
    viewers,
    orders: seeded.counts.orders,
    coupons: seeded.counts.coupons,
    clicks: seeded.counts.clicks,
    watchRows: seeded.counts.live_watch,
    exposures,
  };

  const ctx = {
    store,
    clock,
    notifier: { toViewer() {}, toViewerElsewhere() {}, toRoom() {}, toShelf() {} },
    log: pino({ level: "silent" }),
  };
  const timings: number[] = [];
  let last = null;
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    last = await insight(ctx, shop, seeded.roomId);
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
