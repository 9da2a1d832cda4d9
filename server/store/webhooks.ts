import type { Kysely } from "kysely";
import type { Dialect } from "./database.js";
import type { Executor } from "./executor.js";
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
/**
 * Takes the due messages for this node: each is leased (its next attempt pushed past `leaseMs`)
 * in the same transaction that selects it, so another node polling the same database skips it
 * (on Postgres the select also skips rows another node holds locked). A node that dies while
 * delivering leaves the lease to expire, and the message is tried again: at least once.
 */
export async function leaseDueOutbox(
  db: Kysely<Database>,
  dialect: Dialect,
  now: number,
  limit: number,
  leaseMs: number,
): Promise<OutboxRow[]> {
  return db.transaction().execute(async (trx) => {
    const query = trx
      .selectFrom("outbox")
      .selectAll()
      .where("delivered_at", "is", null)
      .where("next_attempt_at", "<=", now)
      .orderBy("id")
      .limit(limit);
    const due = await (dialect === "postgres" ? query.forUpdate().skipLocked() : query).execute();
    if (due.length > 0) {
      await trx
        .updateTable("outbox")
        .set({ next_attempt_at: now + leaseMs })
        .where(
          "id",
          "in",
          due.map((row) => row.id),
        )
        .execute();
    }
    return due;
  });
}

export async function recordAttempt(
  db: Executor,
  message: OutboxRow,
  outcome: { status: number | null; ok: boolean; error: string | null; at: number; nextAttemptAt: number },
): Promise<void> {
  const attempt = Number(message.attempts) + 1;
  await db
    .insertInto("deliveries")
    .values({
      outbox_id: Number(message.id),
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
    .where("id", "=", Number(message.id))
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
  const ids = rows.map((row) => Number(row.id));
  if (ids.length === 0) return 0;
  // another node pruning the same rows at once deletes nothing twice: both deletes are by id
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom("deliveries").where("outbox_id", "in", ids).execute();
    await trx.deleteFrom("outbox").where("id", "in", ids).execute();
  });
  return ids.length;
}
