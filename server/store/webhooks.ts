import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { Executor } from "./executor.js";
import { toNumber } from "./numbers.js";
import type { Database, DeliveryRow, OutboxRow, WebhookEndpointRow } from "./schema.js";

export async function listEndpoints(db: Executor, shopId: string): Promise<WebhookEndpointRow[]> {
  return endpointsQuery(db, shopId).execute();
}

/** The shop's endpoints in their order, as a query a caller may send with others. */
export function endpointsQuery(db: Executor, shopId: string) {
  return db.selectFrom("webhook_endpoints").selectAll().where("shop_id", "=", shopId).orderBy("position").orderBy("id");
}

/** The shop's first endpoint: what `GET/PUT /v1/webhooks` read and write. */
export async function findFirstEndpoint(db: Executor, shopId: string): Promise<WebhookEndpointRow | undefined> {
  return (await listEndpoints(db, shopId))[0];
}

/** One endpoint of one shop: another shop's id finds nothing. */
export async function findEndpoint(
  db: Executor,
  shopId: string,
  endpointId: string,
): Promise<WebhookEndpointRow | undefined> {
  return db
    .selectFrom("webhook_endpoints")
    .selectAll()
    .where("shop_id", "=", shopId)
    .where("id", "=", endpointId)
    .executeTakeFirst();
}

/** Adds an endpoint after the shop's others; answers it with its position. */
export async function insertEndpoint(
  db: Executor,
  row: Omit<WebhookEndpointRow, "position">,
): Promise<WebhookEndpointRow> {
  const last = await db
    .selectFrom("webhook_endpoints")
    .select((eb) => eb.fn.max("position").as("position"))
    .where("shop_id", "=", row.shop_id)
    .executeTakeFirst();
  const added = { ...row, position: toNumber(last?.position ?? 0) + 1 };
  await db.insertInto("webhook_endpoints").values(added).execute();
  return added;
}

export async function updateEndpoint(
  db: Executor,
  shopId: string,
  endpointId: string,
  changes: Partial<Pick<WebhookEndpointRow, "url" | "secret" | "events" | "enabled" | "updated_at">>,
): Promise<void> {
  await db
    .updateTable("webhook_endpoints")
    .set(changes)
    .where("shop_id", "=", shopId)
    .where("id", "=", endpointId)
    .execute();
}

/**
 * Sets the URL and secret of the shop's first endpoint, adding one (every event, on) when it has
 * none: the one-endpoint API from before several endpoints existed.
 */
export async function saveEndpoint(
  db: Executor,
  row: Pick<WebhookEndpointRow, "shop_id" | "url" | "secret" | "updated_at">,
): Promise<WebhookEndpointRow> {
  const first = await findFirstEndpoint(db, row.shop_id);
  if (first) {
    await updateEndpoint(db, row.shop_id, first.id, { url: row.url, secret: row.secret, updated_at: row.updated_at });
    return { ...first, url: row.url, secret: row.secret, updated_at: row.updated_at };
  }
  return insertEndpoint(db, { ...row, id: newEndpointId(), events: null, enabled: 1, created_at: row.updated_at });
}

export const newEndpointId = () => `whe_${randomBytes(12).toString("base64url")}`;

/**
 * Removes an endpoint and the messages still waiting for it (they have nowhere to go); what was
 * delivered stays in the log until it ages out.
 */
export async function deleteEndpoint(db: Executor, shopId: string, endpointId: string): Promise<void> {
  const waiting = db
    .selectFrom("outbox")
    .select("id")
    .where("endpoint_id", "=", endpointId)
    .where("delivered_at", "is", null);
  await db.deleteFrom("deliveries").where("outbox_id", "in", waiting).execute();
  await db.deleteFrom("outbox").where("endpoint_id", "=", endpointId).where("delivered_at", "is", null).execute();
  await db.deleteFrom("webhook_endpoints").where("shop_id", "=", shopId).where("id", "=", endpointId).execute();
}

export async function insertOutbox(
  db: Executor,
  rows: Pick<OutboxRow, "shop_id" | "endpoint_id" | "event" | "body" | "next_attempt_at" | "created_at">[],
): Promise<void> {
  for (const insert of outboxInserts(db, rows)) await insert.execute();
}

/** The inserts of these messages, unexecuted, for a caller that sends them with other writes. */
export function outboxInserts(
  db: Executor,
  rows: Pick<OutboxRow, "shop_id" | "endpoint_id" | "event" | "body" | "next_attempt_at" | "created_at">[],
) {
  const inserts = [];
  // a few hundred rows per statement keeps inside every database's bound-parameter limit
  for (let i = 0; i < rows.length; i += 200) {
    inserts.push(
      db
        .insertInto("outbox")
        .values(rows.slice(i, i + 200).map((row) => ({ ...row, attempts: 0, delivered_at: null }))),
    );
  }
  return inserts;
}

/** Pending messages whose next attempt is due, oldest first; those for a switched-off endpoint wait. */
export async function dueOutbox(db: Executor, now: number, limit: number): Promise<OutboxRow[]> {
  return db
    .selectFrom("outbox as o")
    .innerJoin("webhook_endpoints as e", "e.id", "o.endpoint_id")
    .selectAll("o")
    .where("o.delivered_at", "is", null)
    .where("o.next_attempt_at", "<=", now)
    .where("e.enabled", "=", 1)
    .orderBy("o.id")
    .limit(limit)
    .execute();
}

export async function findMessage(db: Executor, shopId: string, id: number): Promise<OutboxRow | undefined> {
  return db.selectFrom("outbox").selectAll().where("shop_id", "=", shopId).where("id", "=", id).executeTakeFirst();
}

/**
 * Makes a message due now, delivered or not: "send again". Its attempts so far stay in the log,
 * and the next one is numbered after them.
 */
export async function requeueMessage(db: Executor, shopId: string, id: number, now: number): Promise<void> {
  await db
    .updateTable("outbox")
    .set({ delivered_at: null, next_attempt_at: now })
    .where("shop_id", "=", shopId)
    .where("id", "=", id)
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
): Promise<(DeliveryRow & { event: string; endpoint_id: string | null })[]> {
  return db
    .selectFrom("deliveries as d")
    .innerJoin("outbox as o", "o.id", "d.outbox_id")
    .selectAll("d")
    .select(["o.event", "o.endpoint_id"])
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
