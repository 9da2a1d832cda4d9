import { performance } from "node:perf_hooks";
import { DEFAULT_CONFIG, type ShopConfig } from "../../protocol/index.js";
import { BIRTHDAY, COMEBACK } from "./catalogue.js";
import { type ShopFrame, seedViewer } from "./history.js";
import { copyText } from "./postgres-copy.js";
import { streamFor } from "./random.js";
import { dayKeys, walletJson } from "./shapes.js";
import { emptyBatch, TABLE_ORDER, TABLES, type TableName } from "./tables.js";

/** Viewers per chunk: each chunk's rows are generated, written and let go before the next. */
export const CHUNK = 1_000;

/** What fixes a seeded shop: the same plan gives the same rows, in any thread, on either database. */
export interface ShopPlan {
  shopId: string;
  roomId: string;
  liveStartedAt: number;
  now: number;
  seed: number;
  viewers: number;
}

/** How a chunk travels to its database: values to bind (SQLite), or COPY's text (Postgres). */
export type ChunkFormat = "values" | "copy";

/** One chunk of viewers, generated and encoded, with what the seed's totals need from it. */
export interface Chunk {
  index: number;
  /** the viewers written once this chunk is */
  end: number;
  /** per table: its rows' values one after another ("values"), or COPY text ("copy") */
  tables: Record<TableName, (string | number | null)[] | string>;
  rows: Record<TableName, number>;
  refunds: number;
  /** coupons issued per template */
  issued: [string, number][];
  /** milliseconds the generating thread spent on it */
  ms: number;
}

/** The shop's configuration: the defaults, with the first-order and birthday coupons switched on. */
export function bulkConfig(): ShopConfig {
  return {
    ...DEFAULT_CONFIG,
    repurchase: { ...DEFAULT_CONFIG.repurchase, firstOrderTemplateId: COMEBACK.id, birthdayTemplateId: BIRTHDAY.id },
  };
}

export function shopFrame(plan: ShopPlan): ShopFrame {
  const config = bulkConfig();
  return {
    shopId: plan.shopId,
    roomId: plan.roomId,
    liveStartedAt: plan.liveStartedAt,
    now: plan.now,
    config,
    dayKey: dayKeys(config.timezone),
    walletJson: walletJson(config),
  };
}

const refundedAt = TABLES.orders.findIndex(([name]) => name === "refunded_at");
const templateAt = TABLES.coupons.findIndex(([name]) => name === "template_id");

/** The rows of chunk `index`, drawn from that chunk's own stream, encoded as `format`. */
export function generateChunk(
  frame: ShopFrame,
  plan: ShopPlan,
  perViewer: Uint16Array,
  index: number,
  format: ChunkFormat,
): Chunk {
  const started = performance.now();
  const batch = emptyBatch();
  const random = streamFor(plan.seed, index);
  const end = Math.min(plan.viewers, (index + 1) * CHUNK);
  for (let i = index * CHUNK; i < end; i++) seedViewer(frame, i, perViewer[i] as number, random, batch);
  const tables = {} as Chunk["tables"];
  const rows = {} as Chunk["rows"];
  for (const table of TABLE_ORDER) {
    const list = batch[table];
    rows[table] = list.length;
    tables[table] = format === "copy" ? copyText(list, TABLES[table].length) : list.flat();
  }
  let refunds = 0;
  for (const order of batch.orders) if (order[refundedAt] !== null) refunds += 1;
  const issued = new Map<string, number>();
  for (const coupon of batch.coupons) {
    const template = coupon[templateAt] as string;
    issued.set(template, (issued.get(template) ?? 0) + 1);
  }
  return { index, end, tables, rows, refunds, issued: [...issued], ms: performance.now() - started };
}
