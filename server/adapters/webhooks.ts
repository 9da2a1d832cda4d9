import type { WebhookEvent } from "../../protocol/index.js";
import type { DeliveryRow, OutboxRow } from "../store/schema.js";

// The shop's webhook log: messages and delivery attempts.

const eventOf = (event: string) => event as WebhookEvent;

/** A delivery attempt, with the event of the message it carried. */
export function toDelivery(row: DeliveryRow & { event: string }) {
  return {
    id: row.id,
    outboxId: row.outbox_id,
    event: eventOf(row.event),
    attempt: row.attempt,
    status: row.status === null ? null : row.status,
    ok: row.ok === 1,
    error: row.error,
    at: row.at,
  };
}

export function toWebhookMessage(row: OutboxRow) {
  return {
    id: row.id,
    event: eventOf(row.event),
    state: row.delivered_at === null ? ("pending" as const) : ("delivered" as const),
    attempts: row.attempts,
    nextAttemptAt: row.delivered_at === null ? row.next_attempt_at : null,
    createdAt: row.created_at,
    deliveredAt: row.delivered_at === null ? null : row.delivered_at,
  };
}
