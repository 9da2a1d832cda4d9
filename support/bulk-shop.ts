import { performance } from "node:perf_hooks";
import { type Kysely, sql } from "kysely";
import { addShopSecret } from "../server/services/shops.js";
import { rebuildCouponCounts } from "../server/store/coupon-counts.js";
import type { Store } from "../server/store/database.js";
import { rebuildIntent } from "../server/store/intent-rebuild.js";
import { createLastActiveTriggers, dropLastActiveTriggers, rebuildLastActive } from "../server/store/last-active.js";
import { rebuildRollups, YEAR_MS } from "../server/store/rollups-rebuild.js";
import { PRODUCTS, TEMPLATES } from "./bulk/catalogue.js";
import { generatedChunks } from "./bulk/chunks.js";
import { bulkConfig, type ShopPlan } from "./bulk/generate.js";
import type { ShopFrame } from "./bulk/history.js";
import { MOST_ORDERS } from "./bulk/order-counts.js";
import { postgresSink } from "./bulk/postgres-load.js";
import type { Phase } from "./bulk/sink.js";
import { sqliteSink } from "./bulk/sqlite-load.js";
import { TABLE_ORDER, type TableName } from "./bulk/tables.js";

export { insertRows } from "./bulk/writer.js";

export interface BulkShopOptions {
  shopId: string;
  viewers: number;
  orders: number;
  /** the same seed writes the same rows, on either database */
  seed: number;
  /** the shop's present: every time in its history is before it */
  now: number;
  /** called after each chunk with the viewers written so far */
  onProgress?: (viewersDone: number) => void;
}

export type BulkShopCounts = Record<TableName, number> & { refunds: number };

export interface BulkShopResult {
  shopId: string;
  /** the shop's room, live since `liveStartedAt`, with the watch rows of those watching now */
  roomId: string;
  liveStartedAt: number;
  counts: BulkShopCounts;
  /**
   * Seconds per step. `generate` runs in a worker alongside `write`; `wait` is how long the writer
   * waited for rows (near 0: the database is the bottleneck; large: generating is).
   */
  phases: Record<string, number>;
  seconds: number;
}

const DAY_MS = 24 * 3600_000;

/**
 * A shop with a real-sized history, written straight into the tables the migrations made: viewers
 * (names, some birthdays), their verified watching (recent, dormant 30 / 60 / 90+ days, never),
 * orders with lines from a catalogue whose consumables carry `usageDays`, repeat buyers and a long
 * tail, refunds, coupons (first-order, birthday, bought with points; redeemed, open, expired, some
 * expiring within days) with their redemptions, product clicks, and a room that is live now.
 * Every balance is its ledger's sum (see bulk/history.ts), so `verify` stays clean.
 *
 * A worker thread generates the rows a chunk of viewers at a time (bulk/generate-worker.ts) while
 * this thread hands the previous chunk to the dialect's bulk loader (bulk/sqlite-load.ts,
 * bulk/postgres-load.ts); a few chunks are in flight at most, so memory stays flat at any size.
 * The database is the seeder's while it runs: indexes and constraints are dropped for the load and
 * made again at the end. Deterministic: each chunk draws from its own seeded stream, and each
 * table's rows arrive in the order generated, on either database.
 */
export async function seedBulkShop(store: Store, options: BulkShopOptions): Promise<BulkShopResult> {
  const started = performance.now();
  const { shopId, viewers, orders, seed, now } = options;
  const phases: Record<string, number> = {};
  const phase: Phase = async (name, work) => {
    const from = performance.now();
    try {
      return await work();
    } finally {
      phases[name] = (phases[name] ?? 0) + (performance.now() - from) / 1000;
    }
  };
  const db = store.db as unknown as Kysely<unknown>;
  const plan: ShopPlan = { shopId, roomId: `${shopId}_live`, liveStartedAt: now - 2 * 3600_000, now, seed, viewers };
  // checked here, where it can be reported, before a worker would trip on it
  if (orders > viewers * MOST_ORDERS) throw new Error(`at most ${MOST_ORDERS} orders a viewer`);
  await seedShopFrame(store, { ...plan, config: bulkConfig() });

  const counts = Object.fromEntries(TABLE_ORDER.map((t) => [t, 0])) as BulkShopCounts;
  counts.refunds = 0;
  const issued = new Map<string, number>();
  // the days of last activity are counted once after the load, not moved row by row during it
  await dropLastActiveTriggers(db, store.dialect);
  const sink = await phase("prepare", () =>
    store.native.dialect === "sqlite" ? sqliteSink(store.native.database) : postgresSink(store.native.pool),
  );
  try {
    let waitingSince = performance.now();
    for await (const chunk of generatedChunks(plan, orders, sink.format)) {
      phases.wait = (phases.wait ?? 0) + (performance.now() - waitingSince) / 1000;
      phases.generate = (phases.generate ?? 0) + chunk.ms / 1000;
      await phase("write", () => sink.write(chunk));
      for (const table of TABLE_ORDER) counts[table] += chunk.rows[table];
      counts.refunds += chunk.refunds;
      for (const [template, n] of chunk.issued) issued.set(template, (issued.get(template) ?? 0) + n);
      options.onProgress?.(chunk.end);
      waitingSince = performance.now();
    }
  } catch (error) {
    await sink.abort();
    throw error;
  }
  await sink.finish(phase);

  await phase("settle", async () => {
    // each template's issued count is its coupons, as verify checks
    for (const [templateId, n] of issued) {
      await store.db.updateTable("coupon_templates").set({ issued: n }).where("id", "=", templateId).execute();
    }
    // fresh statistics, as autovacuum would soon leave them, so the first query plans like the
    // hundredth: before the roll-ups are made from the tables written straight in (planned on
    // empty tables' statistics, the intent pairs' rebuild ran for minutes instead of seconds), and
    // after, for the roll-ups themselves
    const analyze = async (tables: readonly string[]) => {
      if (store.dialect !== "postgres") return;
      for (const table of tables) await sql`analyze ${sql.table(table)}`.execute(db);
    };
    await analyze([...TABLE_ORDER, "coupon_templates", "products"]);
    // the buyer roll-ups the order paths keep, made once from the orders written straight in
    await rebuildRollups(db, now - YEAR_MS, shopId);
    await rebuildIntent(db, shopId);
    await rebuildCouponCounts(db, shopId);
    await rebuildLastActive(db, shopId);
    await createLastActiveTriggers(db, store.dialect);
    await analyze(["viewer_rollups", "shop_cohorts", "intent_pairs", "last_active_days"]);
  });
  const { roomId, liveStartedAt } = plan;
  return { shopId, roomId, liveStartedAt, counts, phases, seconds: (performance.now() - started) / 1000 };
}

/** The shop (its repurchase coupons switched on), its live room, its catalogue and coupon templates. */
async function seedShopFrame(
  store: Store,
  frame: Pick<ShopFrame, "shopId" | "roomId" | "liveStartedAt" | "now" | "config">,
): Promise<void> {
  const { shopId, roomId, liveStartedAt, now, config } = frame;
  const since = now - 500 * DAY_MS;
  const { db } = store;
  await db
    .insertInto("shops")
    .values({
      id: shopId,
      name: "Bulk shop",
      secret: `retired:${shopId}`,
      config: JSON.stringify(config),
      created_at: since,
    })
    .execute();
  // the benchmarks' clients call the API and sign tokens with this one secret
  await addShopSecret(db, shopId, `sk_bulk_${shopId}`, since);
  await db
    .insertInto("rooms")
    .values({
      id: roomId,
      shop_id: shopId,
      title: "Bulk live",
      live: 1,
      live_started_at: liveStartedAt,
      created_at: since,
    })
    .execute();
  await db
    .insertInto("products")
    .values(
      PRODUCTS.map((p) => ({
        shop_id: shopId,
        sku: p.sku,
        name: JSON.stringify({ "zh-CN": p.zh, en: p.en }),
        price: p.price,
        was: null,
        image: null,
        in_stock: 1,
        usage_days: p.usageDays,
        created_at: since,
        updated_at: since,
      })),
    )
    .execute();
  await db
    .insertInto("coupon_templates")
    .values(
      TEMPLATES.map((t) => ({
        id: t.id,
        shop_id: shopId,
        name: JSON.stringify({ "zh-CN": t.zh, en: t.en }),
        kind: t.kind,
        value: t.value,
        min_spend: t.minSpend,
        valid_days: t.validDays,
        min_tier: null,
        stock: null,
        issued: 0,
        per_viewer_limit: t.perViewerLimit,
        points_cost: t.pointsCost,
        active: 1,
        created_at: since,
      })),
    )
    .execute();
}
