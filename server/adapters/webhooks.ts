import type { WebhookEndpointView, WebhookEvent } from "../../protocol/index.js";
import type { CouponRow, DeliveryRow, OutboxRow, RoomRow, WebhookEndpointRow } from "../store/schema.js";

// The shop's webhook log: messages and delivery attempts.

const eventOf = (event: string) => event as WebhookEvent;

/** A delivery attempt, with the event of the message it carried. */
export function toDelivery(row: DeliveryRow & { event: string; endpoint_id: string | null }) {
  return {
    id: row.id,
    outboxId: row.outbox_id,
    endpointId: row.endpoint_id,
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
    endpointId: row.endpoint_id,
    event: eventOf(row.event),
    state: row.delivered_at === null ? ("pending" as const) : ("delivered" as const),
    attempts: row.attempts,
    nextAttemptAt: row.delivered_at === null ? row.next_attempt_at : null,
    createdAt: row.created_at,
    deliveredAt: row.delivered_at === null ? null : row.delivered_at,
  };
}

/** One of the shop's webhook endpoints, with its secret: only the shop and its back office see it. */
export function toWebhookEndpoint(row: WebhookEndpointRow): WebhookEndpointView {
  return {
    id: row.id,
    url: row.url,
    secret: row.secret,
    events: row.events === null ? null : (JSON.parse(row.events) as WebhookEvent[]),
    enabled: row.enabled === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** `live.started`: the room, when it went live, and who asked to be reminded. */
export function toLiveStartedBody(
  room: Pick<RoomRow, "id" | "title" | "live_started_at">,
  subscribers: { viewer_id: string; name: string | null; created_at: number }[],
  now: number,
) {
  return {
    roomId: room.id,
    title: room.title,
    startedAt: room.live_started_at ?? now,
    subscribers: subscribers.map((s) => ({ viewerId: s.viewer_id, name: s.name, since: s.created_at })),
  };
}

/** `coupon.granted`: the coupon as issued, and the grant it was issued for. */
export function toCouponGrantedBody(
  coupon: Pick<
    CouponRow,
    "viewer_id" | "code" | "template_id" | "source" | "source_ref" | "kind" | "value" | "min_spend" | "expires_at"
  >,
) {
  return {
    viewerId: coupon.viewer_id,
    code: coupon.code,
    templateId: coupon.template_id,
    source: coupon.source,
    sourceRef: coupon.source_ref,
    kind: coupon.kind,
    value: coupon.value,
    minSpend: coupon.min_spend,
    expiresAt: coupon.expires_at,
  };
}
