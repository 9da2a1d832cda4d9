import type { WebhookData, WebhookEndpointView, WebhookEvent } from "../../protocol/index.js";
import type {
  CouponRow,
  DeliveryRow,
  LedgerRow,
  OfferRow,
  OutboxRow,
  RoomRow,
  TouchRow,
  WebhookEndpointRow,
} from "../store/schema.js";

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

/** A ledger entry some shop acts on, as its webhook: a hand adjustment, or points expiring. */
export function toLedgerWebhook(
  entry: Omit<LedgerRow, "id">,
):
  | { event: "points.adjusted"; data: WebhookData<"points.adjusted"> }
  | { event: "points.expired"; data: WebhookData<"points.expired"> }
  | null {
  if (entry.reason === "adjust") {
    return {
      event: "points.adjusted",
      data: {
        viewerId: entry.viewer_id,
        points: entry.delta,
        growth: entry.growth_delta,
        note: entry.note,
        pointsAfter: entry.points_after,
        growthAfter: entry.growth_after,
      },
    };
  }
  if (entry.reason === "expire") {
    return {
      event: "points.expired",
      data: {
        viewerId: entry.viewer_id,
        points: -entry.delta,
        pointsAfter: entry.points_after,
        expiredAt: entry.created_at,
      },
    };
  }
  return null;
}

/** `coupon.redeemed`: the coupon and the order it was used on. */
export function toCouponRedeemedBody(
  coupon: Pick<CouponRow, "viewer_id" | "code" | "template_id">,
  order: { orderId: string; amount: number },
  discount: number,
  now: number,
): WebhookData<"coupon.redeemed"> {
  return {
    viewerId: coupon.viewer_id,
    code: coupon.code,
    templateId: coupon.template_id,
    orderId: order.orderId,
    amount: order.amount,
    discount,
    redeemedAt: now,
  };
}

/** `offer.won`: who won which offer, and the coupon they got. */
export function toOfferWonBody(
  offer: Pick<OfferRow, "id" | "room_id" | "mode">,
  coupon: Pick<CouponRow, "viewer_id" | "code">,
  now: number,
): WebhookData<"offer.won"> {
  return {
    offerId: offer.id,
    roomId: offer.room_id,
    mode: offer.mode,
    viewerId: coupon.viewer_id,
    couponCode: coupon.code,
    wonAt: now,
  };
}

/** Touch kinds that are also an event of their own: the warnings a shop may act on besides sending them. */
export function toWarningWebhooks(rows: readonly TouchRow[]): {
  couponExpiring: WebhookData<"coupon.expiring">[];
  pointsExpiring: WebhookData<"points.expiring">[];
} {
  const couponExpiring: WebhookData<"coupon.expiring">[] = [];
  const pointsExpiring: WebhookData<"points.expiring">[] = [];
  for (const row of rows) {
    const params = JSON.parse(row.params) as { days?: number; points?: number };
    if (row.kind === "coupon_expiring") {
      couponExpiring.push({
        viewerId: row.viewer_id,
        // the reminder is keyed by its coupon: `coupon_expiring:<code>`
        code: row.key.slice("coupon_expiring:".length),
        expiresAt: row.expires_at ?? 0,
        days: params.days ?? 0,
      });
    } else if (row.kind === "points_expiring") {
      pointsExpiring.push({ viewerId: row.viewer_id, points: params.points ?? 0, days: params.days ?? 0 });
    }
  }
  return { couponExpiring, pointsExpiring };
}
