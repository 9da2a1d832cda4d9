import { randomBytes } from "node:crypto";
import type { Selectable } from "kysely";
import type { Executor } from "./executor.js";
import type { Database, ViewerRow } from "./schema.js";

/**
 * Every table that holds rows of one viewer, by `(shop_id, viewer_id)`. Export reads each and
 * erasure re-keys each; test/integration/viewer-data.test.ts checks the list against the
 * database itself, so a table added later without being listed here fails a test. (`referrals`
 * names viewers as inviter and invitee: services/viewer-data.ts reads and re-keys it by both.)
 */
export const VIEWER_TABLES = [
  "viewers",
  "ledger",
  "watch_state",
  "chests",
  "coupons",
  "orders",
  "redemptions",
  "clicks",
  "reminders",
  "offer_entries",
  "mutes",
  "live_watch",
  "experiment_exposures",
  "touches",
  "contact_prefs",
  "segment_memberships",
  "referral_codes",
  "stage_spots",
] as const satisfies readonly (keyof Database)[];
export type ViewerTable = (typeof VIEWER_TABLES)[number];

/**
 * Tables with a viewer column that hold nothing of a viewer's for long: an order import stages its
 * lines in import_lines and drops them when the run ends, so neither export nor erasure reads it.
 */
export const TRANSIENT_VIEWER_TABLES = ["import_lines"] as const satisfies readonly (keyof Database)[];

/**
 * Tables of figures computed from a viewer's rows (the buyer roll-up, from their orders; the
 * high-intent pairs, from their clicks and orders): erasure
 * moves them with the rows they come from; the export holds those rows, not the sums.
 */
export const DERIVED_VIEWER_TABLES = ["viewer_rollups", "intent_pairs"] as const satisfies readonly (keyof Database)[];

export async function viewerRows<T extends ViewerTable>(db: Executor, table: T, shopId: string, viewerId: string) {
  // one table at a time through a name the caller cannot spell wrong: the cast only widens the union
  return (db as Executor)
    .selectFrom(table as "ledger")
    .selectAll()
    .where("shop_id", "=", shopId)
    .where("viewer_id", "=", viewerId)
    .execute() as unknown as Promise<Selectable<Database[T]>[]>;
}

/**
 * Moves the viewer's rows of every viewer table to `to`; answers how many rows each table had.
 * Ledger, coupons, orders and offer entries reference the viewer row, so the new row is written
 * first (with no name or birthday: it is no one's), the others follow, and the old row goes last.
 */
export async function moveViewerRows(
  trx: Executor,
  shopId: string,
  from: ViewerRow,
  to: string,
): Promise<Record<ViewerTable, number>> {
  await trx
    .insertInto("viewers")
    .values({ ...from, viewer_id: to, name: null, birthday: null })
    .execute();
  const moved = { viewers: 1 } as Record<ViewerTable, number>;
  for (const table of VIEWER_TABLES) {
    if (table === "viewers") continue;
    const result = await trx
      .updateTable(table as "ledger")
      .set({ viewer_id: to })
      .where("shop_id", "=", shopId)
      .where("viewer_id", "=", from.viewer_id)
      .executeTakeFirst();
    moved[table] = Number(result.numUpdatedRows);
  }
  for (const table of DERIVED_VIEWER_TABLES) {
    await trx
      .updateTable(table)
      .set({ viewer_id: to })
      .where("shop_id", "=", shopId)
      .where("viewer_id", "=", from.viewer_id)
      .execute();
  }
  // a guest spot keeps the name the room saw on stage: it goes with the viewer's own
  await trx
    .updateTable("stage_spots")
    .set({ name: "" })
    .where("shop_id", "=", shopId)
    .where("viewer_id", "=", to)
    .execute();
  await trx.deleteFrom("viewers").where("shop_id", "=", shopId).where("viewer_id", "=", from.viewer_id).execute();
  return moved;
}

export async function viewerExists(db: Executor, shopId: string, viewerId: string): Promise<boolean> {
  const row = await db
    .selectFrom("viewers")
    .select("viewer_id")
    .where("shop_id", "=", shopId)
    .where("viewer_id", "=", viewerId)
    .executeTakeFirst();
  return row !== undefined;
}

/** The shop's erasure salt, made on first use; a concurrent first use keeps whichever was written first. */
export async function erasureSalt(trx: Executor, shopId: string, now: number): Promise<string> {
  await trx
    .insertInto("erasure_salts")
    .values({ shop_id: shopId, salt: randomBytes(32).toString("base64url"), created_at: now })
    .onConflict((oc) => oc.column("shop_id").doNothing())
    .execute();
  const row = await trx
    .selectFrom("erasure_salts")
    .select("salt")
    .where("shop_id", "=", shopId)
    .executeTakeFirstOrThrow();
  return row.salt;
}

/**
 * Rows whose stored text may name the viewer: a superset (LIKE reads `_` as any character), which
 * the caller narrows by parsing. Ids hold no `%`, so the pattern cannot match more than that.
 */
const mentions = (viewerId: string) => `%${viewerId}%`;

export async function outboxMentioning(trx: Executor, shopId: string, viewerId: string) {
  return trx
    .selectFrom("outbox")
    .select(["id", "body"])
    .where("shop_id", "=", shopId)
    .where("body", "like", mentions(viewerId))
    .execute();
}

export async function auditMentioning(trx: Executor, shopId: string, viewerId: string) {
  return trx
    .selectFrom("audit_log")
    .select(["id", "target_id", "before", "after"])
    .where("shop_id", "=", shopId)
    .where((eb) =>
      eb.or([
        eb("target_id", "=", viewerId),
        eb("before", "like", mentions(viewerId)),
        eb("after", "like", mentions(viewerId)),
      ]),
    )
    .execute();
}

/** The lucky-bag draws of the offers the viewer (now under `pseudonym`) entered. */
export async function drawsOfViewer(trx: Executor, shopId: string, pseudonym: string) {
  return trx
    .selectFrom("offer_draws as d")
    .innerJoin("offer_entries as e", "e.offer_id", "d.offer_id")
    .select(["d.offer_id", "d.entries", "d.winners"])
    .where("e.shop_id", "=", shopId)
    .where("e.viewer_id", "=", pseudonym)
    .execute();
}

export async function orderItemsOf(db: Executor, shopId: string, orderIds: string[]) {
  if (orderIds.length === 0) return [];
  return db
    .selectFrom("order_items")
    .selectAll()
    .where("shop_id", "=", shopId)
    .where("order_id", "in", orderIds)
    .orderBy("order_id")
    .orderBy("line")
    .execute();
}
