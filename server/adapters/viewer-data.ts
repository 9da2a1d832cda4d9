import type { Selectable } from "kysely";
import type { ViewerExport } from "../../protocol/index.js";
import type { Database, OrderItemRow, ReferralRow } from "../store/schema.js";
import { toLedgerEntry } from "./viewer.js";

type Rows<T extends keyof Database> = Selectable<Database[T]>[];

/** A viewer's rows of every table, as the store read them. */
export interface ViewerRows {
  viewer: Selectable<Database["viewers"]>;
  ledger: Rows<"ledger">;
  watch_state: Rows<"watch_state">;
  chests: Rows<"chests">;
  coupons: Rows<"coupons">;
  orders: Rows<"orders">;
  order_items: OrderItemRow[];
  redemptions: Rows<"redemptions">;
  clicks: Rows<"clicks">;
  reminders: Rows<"reminders">;
  offer_entries: Rows<"offer_entries">;
  mutes: Rows<"mutes">;
  live_watch: Rows<"live_watch">;
  experiment_exposures: Rows<"experiment_exposures">;
  touches: Rows<"touches">;
  contact_prefs: Rows<"contact_prefs">;
  segment_memberships: Rows<"segment_memberships">;
  referral_codes: Rows<"referral_codes">;
  stage_spots: Rows<"stage_spots">;
  /** the referrals the viewer is in, as inviter or invitee */
  referrals: ReferralRow[];
}

const byTime =
  <T>(key: (row: T) => number) =>
  (a: T, b: T) =>
    key(a) - key(b);

/** The export document: each table's rows in wire shape, oldest first. */
export function toViewerExport(shopId: string, rows: ViewerRows, now: number): ViewerExport {
  const { viewer } = rows;
  const watch = rows.watch_state[0];
  const contact = rows.contact_prefs[0];
  const mute = rows.mutes[0];
  return {
    exportedAt: now,
    shopId,
    profile: {
      viewerId: viewer.viewer_id,
      name: viewer.name,
      birthday: viewer.birthday,
      points: viewer.points,
      growth: viewer.growth,
      isHost: viewer.is_host === 1,
      createdAt: viewer.created_at,
    },
    ledger: [...rows.ledger].sort((a, b) => a.id - b.id).map(toLedgerEntry),
    orders: [...rows.orders].sort(byTime((o) => o.paid_at)).map((o) => ({
      orderId: o.order_id,
      amount: o.amount,
      discount: o.discount,
      pointsUsed: o.points_used,
      pointsValue: o.points_value,
      paid: o.paid,
      pointsEarned: o.points_earned,
      growthEarned: o.growth_earned,
      couponCode: o.coupon_code,
      paidAt: o.paid_at,
      createdAt: o.created_at,
      refundedAt: o.refunded_at,
      items: rows.order_items
        .filter((i) => i.order_id === o.order_id)
        .map((i) => ({ line: i.line, sku: i.sku, name: i.name, qty: i.qty, price: i.price })),
    })),
    redemptions: [...rows.redemptions].sort(byTime((r) => r.created_at)).map((r) => ({
      orderId: r.order_id,
      code: r.code,
      amount: r.amount,
      discount: r.discount,
      createdAt: r.created_at,
      reversedAt: r.reversed_at,
    })),
    coupons: [...rows.coupons].sort(byTime((c) => c.issued_at)).map((c) => ({
      code: c.code,
      templateId: c.template_id,
      name: c.name,
      kind: c.kind,
      value: c.value,
      minSpend: c.min_spend,
      source: c.source,
      sourceRef: c.source_ref,
      state: c.state,
      issuedAt: c.issued_at,
      expiresAt: c.expires_at,
      redeemedAt: c.redeemed_at,
      redeemedOrder: c.redeemed_order,
      discount: c.discount,
    })),
    watch: {
      state: watch
        ? {
            totalMs: watch.total_ms,
            creditedUntil: watch.credited_until,
            day: watch.day,
            dayPoints: watch.day_points,
            blocks: watch.blocks,
            chests: watch.chests,
            updatedAt: watch.updated_at,
          }
        : null,
      sessions: [...rows.live_watch]
        .sort(byTime((s) => s.live_started_at))
        .map((s) => ({ roomId: s.room_id, liveStartedAt: s.live_started_at, watchedMs: s.watched_ms })),
      chests: [...rows.chests].sort(byTime((c) => c.appeared_at)).map((c) => ({
        id: c.id,
        ordinal: c.ordinal,
        points: c.points,
        appearedAt: c.appeared_at,
        expiresAt: c.expires_at,
        claimedAt: c.claimed_at,
      })),
    },
    clicks: [...rows.clicks].sort(byTime((c) => c.at)).map((c) => ({ sku: c.sku, at: c.at })),
    reminders: [...rows.reminders]
      .sort(byTime((r) => r.created_at))
      .map((r) => ({ roomId: r.room_id, active: r.active === 1, createdAt: r.created_at })),
    contact: contact ? { optedOut: contact.opted_out === 1, updatedAt: contact.updated_at } : null,
    touches: [...rows.touches].sort(byTime((t) => t.created_at)).map((t) => ({
      id: t.id,
      automation: t.automation,
      kind: t.kind,
      status: t.status,
      couponCode: t.coupon_code,
      words: t.words,
      dueAt: t.due_at,
      sentAt: t.sent_at,
      seenAt: t.seen_at,
      createdAt: t.created_at,
    })),
    referral: {
      code: rows.referral_codes[0]?.code ?? null,
      invitedBy: rows.referrals.find((r) => r.invitee_id === rows.viewer.viewer_id)?.inviter_id ?? null,
      invited: rows.referrals
        .filter((r) => r.inviter_id === rows.viewer.viewer_id)
        .map((r) => ({ viewerId: r.invitee_id, joinedAt: r.joined_at, completedAt: r.completed_at })),
    },
    segments: [...rows.segment_memberships]
      .sort(byTime((m) => m.entered_at))
      .map((m) => ({ segment: m.segment, enteredAt: m.entered_at })),
    offerEntries: [...rows.offer_entries].sort(byTime((e) => e.entered_at)).map((e) => ({
      offerId: e.offer_id,
      name: e.name,
      won: e.won === 1,
      couponCode: e.coupon_code,
      enteredAt: e.entered_at,
      wonAt: e.won_at,
    })),
    mute: mute ? { mutedAt: mute.muted_at } : null,
    experiments: [...rows.experiment_exposures]
      .sort(byTime((x) => x.exposed_at))
      .map((x) => ({ experimentId: x.experiment_id, arm: x.arm, exposedAt: x.exposed_at })),
    stage: [...rows.stage_spots].sort(byTime((g) => g.invited_at)).map((g) => ({
      roomId: g.room_id,
      state: g.state,
      invitedAt: g.invited_at,
      onStageAt: g.on_stage_at,
      endedAt: g.ended_at,
      endedReason: g.ended_reason,
    })),
  };
}
