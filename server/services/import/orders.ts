import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { type ImportMediaType, ImportOrderLine, type ImportReport, type OrderItem } from "../../../protocol/index.js";
import { byDate, moneyRefusal, type PastOrder, type ReplayedOrder, replayOrders } from "../../domain/import.js";
import type { Balance } from "../../domain/ledger.js";
import { canonicalOrder } from "../../domain/orders.js";
import { metrics } from "../../ops/metrics.js";
import { idempotentTransaction } from "../../store/executor.js";
import {
  dropStaged,
  type ImportRows,
  insertImported,
  knownOrderIds,
  ledgerRow,
  lockBalances,
  saveBalances,
  stagedLines,
  stageLines,
} from "../../store/import.js";
import { paceWal, type WalPacer } from "../../store/import-wal.js";
import type { ImportLinesTable } from "../../store/schema.js";
import type { Context } from "../context.js";
import { ordersChanged } from "../rollups.js";
import type { Shop } from "../shops.js";
import { importedAnswer } from "./answer.js";
import { mergedBatches, SORT_CHUNK_LINES } from "./date-order.js";
import { fileRecords } from "./records.js";
import { acceptedLine, type ImportProgress, ImportTally } from "./report.js";
import { yieldToServer } from "./turns.js";

/** Lines per transaction: large enough that a million lines take few statements, small enough to keep memory flat. */
export const IMPORT_BATCH = 2000;

export interface ImportOptions {
  onProgress?: (progress: ImportProgress) => void;
  batchSize?: number;
}

/**
 * Imports a shop's past orders from an NDJSON or CSV stream. The file is read once, line by
 * line, into a staging table (each bad line refused with its number), then credited in date
 * order a batch per transaction: orders the shop already has (live or imported) are duplicates
 * and change nothing; each other order earns by the rules at its date (domain/import.ts) and is
 * written whole or not at all, as an order, its items and one `import` ledger entry. No coupon,
 * trigger, touch or webhook comes of it.
 */
export async function importOrders(
  ctx: Context,
  shop: Shop,
  input: AsyncIterable<Buffer | string>,
  type: ImportMediaType,
  options: ImportOptions = {},
): Promise<ImportReport> {
  const batchSize = options.batchSize ?? IMPORT_BATCH;
  const tally = new ImportTally();
  const runId = randomUUID();
  const restoreCache = await widenPageCache(ctx);
  const wal = await paceWal(ctx.store);
  try {
    const staged = await stage(ctx, runId, input, type, tally, batchSize, wal, options.onProgress);
    await credit(ctx, shop, runId, staged, tally, batchSize, wal, options.onProgress);
  } finally {
    await dropStaged(ctx.store.db, runId);
    await wal.restore();
    await restoreCache();
  }
  return tally.report();
}

/**
 * SQLite's page cache while an import runs, in KiB. 128 MB cost the same CPU as 64 MB for 300,000
 * orders (pages it misses come from the OS's file cache) but 65 MB more RSS, past the import's memory bound.
 */
const IMPORT_CACHE_KIB = 64 * 1024;

/**
 * An import writes rows in date order into indexes kept in other orders (order ids, viewers):
 * with SQLite's default 2 MB page cache each insert soon misses, and a million orders slow to a
 * crawl. The cache is widened for the import's duration (a bounded amount, so memory stays flat)
 * and put back after.
 */
async function widenPageCache({ store }: Context): Promise<() => Promise<void>> {
  if (store.dialect !== "sqlite") return async () => {};
  const row = (await sql<{ cache_size: number }>`pragma cache_size`.execute(store.db)).rows[0];
  const previous = row?.cache_size ?? -2000;
  if (previous < 0 && -previous >= IMPORT_CACHE_KIB) return async () => {};
  await sql.raw(`pragma cache_size = -${IMPORT_CACHE_KIB}`).execute(store.db);
  return async () => {
    await sql.raw(`pragma cache_size = ${Math.trunc(previous)}`).execute(store.db);
  };
}

/** What reading the file left staged: how many lines, in how many sorted chunks. */
interface Staged {
  lines: number;
  chunks: number;
}

/**
 * Reads the file into import_lines, SORT_CHUNK_LINES at a time: each chunk is sorted by date in
 * memory and staged in that order, a batch per transaction, so the staging table only ever grows
 * at the end of a chunk and a live server waits no longer than one batch.
 */
async function stage(
  ctx: Context,
  runId: string,
  input: AsyncIterable<Buffer | string>,
  type: ImportMediaType,
  tally: ImportTally,
  batchSize: number,
  wal: WalPacer,
  onProgress: ImportOptions["onProgress"],
): Promise<Staged> {
  const { db, dialect } = ctx.store;
  let chunk: PastOrder[] = [];
  const staged: Staged = { lines: 0, chunks: 0 };
  let lines = 0;
  const flush = async () => {
    if (chunk.length === 0) return;
    const sorted = chunk.sort(byDate);
    chunk = [];
    const number = staged.chunks++;
    for (let from = 0; from < sorted.length; from += batchSize) {
      const rows = sorted.slice(from, from + batchSize).map((order, i) => stagedRow(runId, number, from + i, order));
      await db.transaction().execute((trx) => stageLines(trx, dialect, rows));
      await wal.between();
      await yieldToServer();
    }
    staged.lines += sorted.length;
    onProgress?.({
      phase: "reading",
      done: lines,
      total: null,
      imported: 0,
      duplicates: 0,
      refused: tally.refusedCount,
    });
  };
  for await (const record of fileRecords(input, type)) {
    lines = record.line;
    const order = acceptedLine(record, ImportOrderLine, tally);
    if (order === null) continue;
    // refused before staging: an amount past the largest order fits no database column
    const money = moneyRefusal(order);
    if (money) {
      tally.refuse(record.line, "amount_invalid", money);
      continue;
    }
    chunk.push({ line: record.line, ...order });
    if (chunk.length >= SORT_CHUNK_LINES) await flush();
  }
  await flush();
  return staged;
}

const stagedRow = (runId: string, chunk: number, seq: number, order: PastOrder): ImportLinesTable => ({
  run_id: runId,
  chunk,
  seq,
  line: order.line,
  order_id: order.orderId,
  viewer_id: order.viewerId,
  amount: order.amount,
  discount: order.discount,
  paid_at: order.paidAt,
  items: JSON.stringify(order.items),
});

const pastOrder = (row: ImportLinesTable): PastOrder => ({
  line: row.line,
  orderId: row.order_id,
  viewerId: row.viewer_id,
  amount: row.amount,
  discount: row.discount,
  items: JSON.parse(row.items) as OrderItem[],
  paidAt: row.paid_at,
});

/** Credits the staged lines in date order (the chunks merged), one transaction per batch. */
async function credit(
  ctx: Context,
  shop: Shop,
  runId: string,
  staged: Staged,
  tally: ImportTally,
  batchSize: number,
  wal: WalPacer,
  onProgress: ImportOptions["onProgress"],
): Promise<void> {
  const { db } = ctx.store;
  const read = async (chunk: number, fromSeq: number, limit: number) =>
    (await stagedLines(db, runId, chunk, fromSeq, limit)).map(pastOrder);
  const merged = mergedBatches(staged.chunks, read, batchSize, (chunk) => dropStaged(db, runId, chunk));
  let done = 0;
  for await (const batch of merged) {
    const outcome = await idempotentTransaction(db, (trx) => creditBatch({ ...ctx, trx }, shop, batch));
    await wal.between();
    await yieldToServer();
    tally.imported += outcome.imported;
    tally.duplicates += outcome.duplicates;
    for (const r of outcome.refused) tally.refuse(r.order.line, r.code, r.reason);
    done += batch.length;
    onProgress?.({
      phase: "crediting",
      done,
      total: staged.lines,
      imported: tally.imported,
      duplicates: tally.duplicates,
      refused: tally.refusedCount,
    });
  }
}

type BatchContext = Context & { trx: Parameters<Parameters<typeof idempotentTransaction>[1]>[0] };

/** One batch, whole or not at all; run again from the start if a live order took an id meanwhile (Postgres). */
async function creditBatch({ trx, store, clock }: BatchContext, shop: Shop, batch: readonly PastOrder[]) {
  const now = clock.now();
  const known = await knownOrderIds(
    trx,
    shop.id,
    batch.map((o) => o.orderId),
  );
  // the first line of an orderId in date order counts; a later one, in this file or another, is a duplicate
  const fresh: PastOrder[] = [];
  let duplicates = 0;
  for (const order of batch) {
    if (known.has(order.orderId)) duplicates++;
    else {
      known.add(order.orderId);
      fresh.push(order);
    }
  }
  const start = await lockBalances(trx, store.dialect, shop.id, [...new Set(fresh.map((o) => o.viewerId))]);
  const replay = replayOrders(fresh, start, shop.config);
  // only viewers with an order credited are written: a refused line leaves no trace, not even its viewer
  const written = new Map<string, { balance: Balance; firstPaidAt: number }>();
  for (const { order } of replay.credited) {
    if (written.has(order.viewerId)) continue;
    const balance = replay.balances.get(order.viewerId) as Balance;
    written.set(order.viewerId, { balance, firstPaidAt: order.paidAt });
  }
  await saveBalances(trx, shop.id, written);
  await insertImported(trx, store.dialect, importRows(shop, replay.credited, now));
  const came = replay.credited.map(({ order, money }) => ({
    viewer_id: order.viewerId,
    paid_at: order.paidAt,
    paid: money.paid,
  }));
  await ordersChanged(trx, shop.id, { came }, now);
  const entries = replay.credited.filter((c) => c.change).length;
  if (entries > 0) metrics.ledgerWrites.inc({ reason: "import" }, entries);
  return { imported: replay.credited.length, duplicates, refused: replay.refused };
}

/** The rows an imported order leaves: the order as a live one is kept (so a live replay of it matches), its items, its ledger entry. */
function importRows(shop: Shop, credited: readonly ReplayedOrder[], now: number): ImportRows {
  const rows: ImportRows = { orders: [], items: [], ledger: [] };
  for (const { order, money, change, after } of credited) {
    const request = canonicalOrder({ ...order, items: [...order.items], pointsUsed: 0 });
    rows.orders.push([
      shop.id,
      order.orderId,
      order.viewerId,
      order.amount,
      money.discount,
      money.pointsUsed,
      money.pointsValue,
      money.paid,
      money.pointsEarned,
      money.growthEarned,
      null,
      request,
      importedAnswer(order, money, after, shop.config.tiers),
      order.paidAt,
      now,
    ]);
    for (const [line, item] of order.items.entries()) {
      rows.items.push([shop.id, order.orderId, line, item.sku, item.name ?? null, item.qty, item.price]);
    }
    if (change) {
      // dated when it was earned: what a viewer earned years ago reads as then, not as today
      rows.ledger.push(ledgerRow(shop.id, order.viewerId, change, after, order.paidAt));
    }
  }
  return rows;
}
