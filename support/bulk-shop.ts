import { performance } from "node:perf_hooks";
import { type Kysely, sql } from "kysely";
import { DEFAULT_CONFIG, type ShopConfig } from "../protocol/index.js";
import type { Store } from "../server/store/database.js";
import { BIRTHDAY, COMEBACK, PRODUCTS, TEMPLATES } from "./bulk/catalogue.js";
import { type ShopFrame, seedViewer } from "./bulk/history.js";
import { orderCounts } from "./bulk/order-counts.js";
import { streamFor } from "./bulk/random.js";
import { type Batch, emptyBatch, TABLE_ORDER, TABLES, type TableName } from "./bulk/tables.js";
import { insertRows } from "./bulk/writer.js";

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
  seconds: number;
}

/** Viewers per transaction: small enough to keep memory flat, big enough that commits are rare. */
const CHUNK = 1_000;
const DAY_MS = 24 * 3600_000;

/**
 * A shop with a real-sized history, written straight into the tables the migrations made: viewers
 * (names, some birthdays), their verified watching (recent, dormant 30 / 60 / 90+ days, never),
 * orders with lines from a catalogue whose consumables carry `usageDays`, repeat buyers and a long
 * tail, refunds, coupons (first-order, birthday, bought with points; redeemed, open, expired, some
 * expiring within days) with their redemptions, product clicks, and a room that is live now.
 * Every balance is its ledger's sum (see bulk/history.ts), so `verify` stays clean.
 *
 * Rows are generated and written a chunk of viewers at a time, each chunk in one transaction,
 * so memory stays flat at any size. Deterministic: each chunk draws from its own seeded stream.
 */
export async function seedBulkShop(store: Store, options: BulkShopOptions): Promise<BulkShopResult> {
  const started = performance.now();
  const { shopId, viewers, orders, seed, now } = options;
  const db = store.db as unknown as Kysely<unknown>;
  const config: ShopConfig = {
    ...DEFAULT_CONFIG,
    repurchase: { ...DEFAULT_CONFIG.repurchase, firstOrderTemplateId: COMEBACK.id, birthdayTemplateId: BIRTHDAY.id },
  };
  const roomId = `${shopId}_live`;
  const liveStartedAt = now - 2 * 3600_000;
  await seedShopFrame(store, { shopId, roomId, liveStartedAt, now, config });

  const counts = Object.fromEntries(TABLE_ORDER.map((t) => [t, 0])) as BulkShopCounts;
  counts.refunds = 0;
  const issued = new Map<string, number>();
  const perViewer = orderCounts(viewers, orders, seed);
  const frame: ShopFrame = { shopId, roomId, liveStartedAt, now, config };
  const chunks = Math.ceil(viewers / CHUNK);

  const writeChunk = async (chunk: number) => {
    const batch = emptyBatch();
    const random = streamFor(seed, chunk);
    const end = Math.min(viewers, (chunk + 1) * CHUNK);
    for (let i = chunk * CHUNK; i < end; i++) seedViewer(frame, i, perViewer[i] as number, random, batch);
    await store.db.transaction().execute(async (trx) => {
      // a seed's commits need not wait for the disk: a crash means seeding again, not lost money
      if (store.dialect === "postgres") await sql`set local synchronous_commit = off`.execute(trx);
      for (const table of TABLE_ORDER) {
        await insertRows(trx as unknown as Kysely<unknown>, store.dialect, table, TABLES[table], batch[table]);
      }
    });
    tally(batch, counts, issued);
    options.onProgress?.(end);
  };

  await withSqliteBulkPragmas(store, async () => {
    // Postgres works on one chunk while the next is generated; SQLite has one writer
    const workers = store.dialect === "postgres" ? 2 : 1;
    let next = 0;
    await Promise.all(
      Array.from({ length: workers }, async () => {
        while (next < chunks) await writeChunk(next++);
      }),
    );
  });

  // each template's issued count is its coupons, as verify checks
  for (const [templateId, n] of issued) {
    await store.db.updateTable("coupon_templates").set({ issued: n }).where("id", "=", templateId).execute();
  }
  if (store.dialect === "postgres") {
    // fresh statistics, as autovacuum would soon leave them, so the first query plans like the hundredth
    for (const table of [...TABLE_ORDER, "coupon_templates", "products"])
      await sql`analyze ${sql.table(table)}`.execute(db);
  }
  return { shopId, roomId, liveStartedAt, counts, seconds: (performance.now() - started) / 1000 };
}

function tally(batch: Batch, counts: BulkShopCounts, issued: Map<string, number>): void {
  for (const table of TABLE_ORDER) counts[table] += batch[table].length;
  const refundedAt = TABLES.orders.findIndex(([name]) => name === "refunded_at");
  const templateAt = TABLES.coupons.findIndex(([name]) => name === "template_id");
  for (const order of batch.orders) if (order[refundedAt] !== null) counts.refunds += 1;
  for (const coupon of batch.coupons) {
    const template = coupon[templateAt] as string;
    issued.set(template, (issued.get(template) ?? 0) + 1);
  }
}

/** The shop (its repurchase coupons switched on), its live room, its catalogue and coupon templates. */
async function seedShopFrame(store: Store, frame: ShopFrame): Promise<void> {
  const { shopId, roomId, liveStartedAt, now, config } = frame;
  const since = now - 500 * DAY_MS;
  const { db } = store;
  await db
    .insertInto("shops")
    .values({
      id: shopId,
      name: "Bulk shop",
      secret: `sk_bulk_${shopId}`,
      config: JSON.stringify(config),
      created_at: since,
    })
    .execute();
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

/**
 * On SQLite a bulk load is several times faster when the secondary indexes are built once at the
 * end (a sort) instead of row by row, and when foreign keys are not looked up for rows that are
 * consistent by construction. The indexes are made again from the very statements the migrations
 * left in sqlite_master, so the schema after the seed is the schema before it. Commits skip the
 * fsync meanwhile; the server's own settings come back afterwards and the WAL is folded back.
 */
async function withSqliteBulkPragmas(store: Store, work: () => Promise<void>): Promise<void> {
  if (store.dialect !== "sqlite") return work();
  const db = store.db;
  const tables = [...TABLE_ORDER];
  const indexes = await sql<{ name: string; sql: string }>`select name, sql from sqlite_master
    where type = 'index' and sql is not null and tbl_name in (${sql.join(tables)})`.execute(db);
  await sql`pragma foreign_keys = off`.execute(db);
  await sql`pragma synchronous = off`.execute(db);
  await sql`pragma cache_size = -131072`.execute(db);
  for (const index of indexes.rows) await sql`drop index ${sql.id(index.name)}`.execute(db);
  try {
    await work();
  } finally {
    for (const index of indexes.rows) await sql.raw(index.sql).execute(db);
    await sql`pragma foreign_keys = on`.execute(db);
    await sql`pragma synchronous = normal`.execute(db);
    await sql`pragma cache_size = -2000`.execute(db);
    await sql`pragma wal_checkpoint(truncate)`.execute(db);
  }
}
