import type { Kysely } from "kysely";
import type { Executor } from "./executor.js";
import { toNumber } from "./numbers.js";
import type { Database, DeliveryRow, OutboxRow, WebhookEndpointRow } from "./schema.js";

export async function findEndpoint(db: Executor, shopId: string): Promise<WebhookEndpointRow | undefined> {
  return db.selectFrom("webhook_endpoints").selectAll().where("shop_id", "=", shopId).executeTakeFirst();
}

export async function saveEndpoint(db: Executor, row: WebhookEndpointRow): Promise<void> {
  await db
    .insertInto("webhook_endpoints")
    .values(row)
    .onConflict((oc) =>
      oc.column("shop_id").doUpdateSet({ url: row.url, secret: row.secret, updated_at: row.updated_at }),
    )
    .execute();
}

export async function insertOutbox(
  db: Executor,
  rows: Pick<OutboxRow, "shop_id" | "event" | "body" | "next_attempt_at" | "created_at">[],
): Promise<void> {
  // a few hundred rows per statement keeps inside every database's bound-parameter limit
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insertInto("outbox")
      .values(rows.slice(i, i + 200).map((row) => ({ ...row, attempts: 0, delivered_at: null })))
      .execute();
  }
}

/** Pending messages whose next attempt is due, oldest first. */
export async function dueOutbox(db: Executor, now: number, limit: number): Promise<OutboxRow[]> {
  return db
    .selectFrom("outbox")
    .selectAll()
    .where("delivered_at", "is", null)
    .where("next_attempt_at", "<=", now)
    .orderBy("id")
    .limit(limit)
    .execute();
}

/**
 * Leases one due message for one attempt (its next attempt pushed to `until`), and says whether
 * this node got it: nodes polling the same database all try, and the database lets exactly one
 * match. A node that dies mid-attempt leaves only this lease to expire, and the message is tried
 * again soon after: at least once.
 */
export async function leaseMessage(db: Executor, message: OutboxRow, now: number, until: number): Promise<boolean> {
  const result = await db
    .updateTable("outbox")
    .set({ next_attempt_at: until })
    .where("id", "=", message.id)
    // as it was read: an attempt made meanwhile by another node leaves it to the next pass
    .where("attempts", "=", message.attempts)
    .where("delivered_at", "is", null)
    .where("next_attempt_at", "<=", now)
    .executeTakeFirst();
  return toNumber(result.numUpdatedRows) > 0;
}

export async function recordAttempt(
  db: Executor,
  message: OutboxRow,
  outcome: { status: number | null; ok: boolean; error: string | null; at: number; nextAttemptAt: number },
): Promise<void> {
  const attempt = message.attempts + 1;
  await db
    .insertInto("deliveries")
    .values({
      outbox_id: message.id,
      shop_id: message.shop_id,
      attempt,
      status: outcome.status,
      ok: outcome.ok ? 1 : 0,
      error: outcome.error,
      at: outcome.at,
    })
    .execute();
  await db
    .updateTable("outbox")
    .set({
      attempts: attempt,
      next_attempt_at: outcome.nextAttemptAt,
      delivered_at: outcome.ok ? outcome.at : null,
    })
    .where("id", "=", message.id)
    .execute();
}

export async function listDeliveries(
  db: Executor,
  shopId: string,
  limit: number,
): Promise<(DeliveryRow & { event: string })[]> {
  return db
    .selectFrom("deliveries as d")
    .innerJoin("outbox as o", "o.id", "d.outbox_id")
    .selectAll("d")
    .select("o.event")
    .where("d.shop_id", "=", shopId)
    .orderBy("d.id", "desc")
    .limit(limit)
    .execute();
}

export async function listOutbox(db: Executor, shopId: string, limit: number): Promise<OutboxRow[]> {
  return db.selectFrom("outbox").selectAll().where("shop_id", "=", shopId).orderBy("id", "desc").limit(limit).execute();
}

/**
 * Removes up to `limit` messages delivered before `before`, with their attempts, oldest first;
 * answers how many. Pending messages are never removed.
 */
export async function pruneDelivered(db: Kysely<Database>, before: number, limit: number): Promise<number> {
  const rows = await db
    .selectFrom("outbox")
    .select("id")
    .where("delivered_at", "is not", null)
    .where("delivered_at", "<", before)
    .orderBy("delivered_at")
    .limit(limit)
    .execute();
  const ids = rows.map((row) => row.id);
  if (ids.length === 0) return 0;
  // another node pruning the same rows at once deletes nothing twice: both deletes are by id
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom("deliveries").where("outbox_id", "in", ids).execute();
    await trx.deleteFrom("outbox").where("id", "in", ids).execute();
  });
  return ids.length;
}
