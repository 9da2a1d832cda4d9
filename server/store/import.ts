import { type Column, insertRows, type Row } from "./bulk-insert.js";
import type { Dialect } from "./database.js";
import { type Executor, lockRows } from "./executor.js";
import { toNumber } from "./numbers.js";
import type { ImportLinesTable } from "./schema.js";

/** A viewer's points and growth, as the import reads and leaves them (domain/ledger.ts's Balance). */
interface Balance {
  points: number;
  growth: number;
}

/** Writes of an import go a few thousand rows at a time, a few statements each. */
const STAGED: readonly Column[] = [
  ["run_id", "text"],
  ["chunk", "int4"],
  ["seq", "int4"],
  ["line", "int4"],
  ["order_id", "text"],
  ["viewer_id", "text"],
  ["amount", "int8"],
  ["discount", "int8"],
  ["paid_at", "int8"],
  ["items", "text"],
];

/** Staged lines, each at the end of its chunk: rows come sorted, so no index is written at a random place. */
export async function stageLines(db: Executor, dialect: Dialect, rows: readonly ImportLinesTable[]): Promise<void> {
  const values: Row[] = rows.map((r) => [
    r.run_id,
    r.chunk,
    r.seq,
    r.line,
    r.order_id,
    r.viewer_id,
    r.amount,
    r.discount,
    r.paid_at,
    r.items,
  ]);
  await insertRows(db as never, dialect, "import_lines", STAGED, values);
}

/** Up to `limit` lines of one staged chunk from place `fromSeq` on, in the chunk's (date) order. */
export async function stagedLines(
  db: Executor,
  runId: string,
  chunk: number,
  fromSeq: number,
  limit: number,
): Promise<ImportLinesTable[]> {
  const rows = await db
    .selectFrom("import_lines")
    .selectAll()
    .where("run_id", "=", runId)
    .where("chunk", "=", chunk)
    .where("seq", ">=", fromSeq)
    .orderBy("seq")
    .limit(limit)
    .execute();
  // Postgres answers int8 as text: numbers here, once, as every store read does
  return rows.map((row) => ({
    ...row,
    chunk: toNumber(row.chunk),
    seq: toNumber(row.seq),
    line: toNumber(row.line),
    amount: toNumber(row.amount),
    discount: toNumber(row.discount),
    paid_at: toNumber(row.paid_at),
  }));
}

/** Drops a run's staged lines: one chunk (as soon as it is merged), or all that are left. */
export async function dropStaged(db: Executor, runId: string, chunk?: number): Promise<void> {
  let query = db.deleteFrom("import_lines").where("run_id", "=", runId);
  if (chunk !== undefined) query = query.where("chunk", "=", chunk);
  await query.execute();
}

/** Which of these orders the shop already has, credited live or by an import. */
export async function knownOrderIds(db: Executor, shopId: string, orderIds: readonly string[]): Promise<Set<string>> {
  if (orderIds.length === 0) return new Set();
  const rows = await db
    .selectFrom("orders")
    .select("order_id")
    .where("shop_id", "=", shopId)
    .where("order_id", "in", orderIds)
    .execute();
  return new Set(rows.map((r) => r.order_id));
}

/** The viewers' balances, locked (on Postgres) until the import's transaction ends. */
export async function lockBalances(
  db: Executor,
  dialect: Dialect,
  shopId: string,
  viewerIds: readonly string[],
): Promise<Map<string, Balance>> {
  const out = new Map<string, Balance>();
  for (let from = 0; from < viewerIds.length; from += 1000) {
    const query = db
      .selectFrom("viewers")
      .select(["viewer_id", "points", "growth"])
      .where("shop_id", "=", shopId)
      .where("viewer_id", "in", viewerIds.slice(from, from + 1000));
    for (const row of await lockRows(query, dialect).execute()) {
      out.set(row.viewer_id, { points: toNumber(row.points), growth: toNumber(row.growth) });
    }
  }
  return out;
}

/**
 * The balances an import left, beside the ledger rows it wrote in the same transaction. A viewer
 * the shop had not heard of comes into being, as a first order makes them live, dated by it.
 */
export async function saveBalances(
  db: Executor,
  shopId: string,
  balances: ReadonlyMap<string, { balance: Balance; firstPaidAt: number }>,
): Promise<void> {
  const all = [...balances];
  for (let from = 0; from < all.length; from += 1000) {
    const values = all.slice(from, from + 1000).map(([viewerId, { balance, firstPaidAt }]) => ({
      shop_id: shopId,
      viewer_id: viewerId,
      name: null,
      birthday: null,
      points: balance.points,
      growth: balance.growth,
      created_at: firstPaidAt,
    }));
    await db
      .insertInto("viewers")
      .values(values)
      .onConflict((oc) =>
        oc.columns(["shop_id", "viewer_id"]).doUpdateSet((eb) => ({
          points: eb.ref("excluded.points"),
          growth: eb.ref("excluded.growth"),
        })),
      )
      .execute();
  }
}

const ORDERS: readonly Column[] = [
  ["shop_id", "text"],
  ["order_id", "text"],
  ["viewer_id", "text"],
  ["amount", "int8"],
  ["discount", "int8"],
  ["points_used", "int8"],
  ["points_value", "int8"],
  ["paid", "int8"],
  ["points_earned", "int8"],
  ["growth_earned", "int8"],
  ["coupon_code", "text"],
  ["request", "text"],
  ["response", "text"],
  ["paid_at", "int8"],
  ["created_at", "int8"],
];

const ORDER_ITEMS: readonly Column[] = [
  ["shop_id", "text"],
  ["order_id", "text"],
  ["line", "int4"],
  ["sku", "text"],
  ["name", "text"],
  ["qty", "int4"],
  ["price", "int8"],
];

const LEDGER: readonly Column[] = [
  ["shop_id", "text"],
  ["viewer_id", "text"],
  ["delta", "int8"],
  ["growth_delta", "int8"],
  ["reason", "text"],
  ["ref", "text"],
  ["idempotency_key", "text"],
  ["note", "text"],
  ["points_after", "int8"],
  ["growth_after", "int8"],
  ["created_at", "int8"],
];

/** Rows in the column order of ORDERS, ORDER_ITEMS and LEDGER. */
export interface ImportRows {
  orders: Row[];
  items: Row[];
  ledger: Row[];
}

export async function insertImported(db: Executor, dialect: Dialect, rows: ImportRows): Promise<void> {
  await insertRows(db as never, dialect, "orders", ORDERS, rows.orders);
  await insertRows(db as never, dialect, "order_items", ORDER_ITEMS, rows.items);
  await insertLedgerRows(db, dialect, rows.ledger);
}

/** Which of these idempotency keys the shop's ledger already holds. */
export async function knownLedgerKeys(db: Executor, shopId: string, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db
    .selectFrom("ledger")
    .select("idempotency_key")
    .where("shop_id", "=", shopId)
    .where("idempotency_key", "in", keys)
    .execute();
  return new Set(rows.map((r) => r.idempotency_key));
}

/** Members brought over: their balance, and their name and birthday where the file gives them. */
export async function saveMembers(
  db: Executor,
  shopId: string,
  members: readonly { viewerId: string; name: string | null; birthday: string | null; balance: Balance }[],
  now: number,
): Promise<void> {
  for (let from = 0; from < members.length; from += 1000) {
    const values = members.slice(from, from + 1000).map((m) => ({
      shop_id: shopId,
      viewer_id: m.viewerId,
      name: m.name,
      birthday: m.birthday,
      points: m.balance.points,
      growth: m.balance.growth,
      created_at: now,
    }));
    await db
      .insertInto("viewers")
      .values(values)
      .onConflict((oc) =>
        oc.columns(["shop_id", "viewer_id"]).doUpdateSet((eb) => ({
          points: eb.ref("excluded.points"),
          growth: eb.ref("excluded.growth"),
          name: eb.fn.coalesce("excluded.name", "viewers.name"),
          birthday: eb.fn.coalesce("excluded.birthday", "viewers.birthday"),
        })),
      )
      .execute();
  }
}

export async function insertLedgerRows(db: Executor, dialect: Dialect, rows: Row[]): Promise<void> {
  await insertRows(db as never, dialect, "ledger", LEDGER, rows);
}

/** A ledger entry as a row of LEDGER: the change, and the balance it left. */
export function ledgerRow(
  shopId: string,
  viewerId: string,
  change: {
    delta: number;
    growthDelta: number;
    reason: string;
    ref: string | null;
    idempotencyKey: string | null;
    note?: string | null | undefined;
  },
  after: Balance,
  at: number,
): Row {
  return [
    shopId,
    viewerId,
    change.delta,
    change.growthDelta,
    change.reason,
    change.ref,
    change.idempotencyKey,
    change.note ?? null,
    after.points,
    after.growth,
    at,
  ];
}
