import type {
  ArmResult,
  Chest,
  CouponTemplate,
  CouponView,
  ExchangeItem,
  ExperimentArm,
  ExperimentView,
  Incentive,
  LedgerEntry,
  LocalizedText,
  OfferView,
  Product,
  PublicConfig,
  RateComparison,
  RoomState,
  ShopConfig,
  Wallet,
  WebhookEvent,
} from "../protocol/index.js";
import { effectiveState } from "./domain/coupons.js";
import { tierStatus } from "./domain/tiers.js";
import type { WatchState } from "./shared/watch-state.js";
import type {
  ChestRow,
  CouponRow,
  CouponTemplateRow,
  DeliveryRow,
  ExperimentRow,
  LedgerRow,
  OfferRow,
  OutboxRow,
  ProductRow,
  RoomRow,
  ViewerRow,
} from "./store/schema.js";

/** Rows become wire shapes here and nowhere else; raw rows never reach a socket or a response. */
export function toWallet(viewer: Pick<ViewerRow, "points" | "growth">, config: ShopConfig): Wallet {
  const points = Number(viewer.points);
  const growth = Number(viewer.growth);
  return { points, growth, tier: tierStatus(growth, config.tiers) };
}

export function toRoomState(room: RoomRow): RoomState {
  return { id: room.id, title: room.title, live: Number(room.live) === 1 };
}

export function toChest(chest: ChestRow | undefined, now: number): Chest | null {
  if (!chest || chest.claimed_at !== null || Number(chest.expires_at) < now) return null;
  return { id: chest.id, points: Number(chest.points), expiresAt: Number(chest.expires_at) };
}

export function toPublicConfig(config: ShopConfig): PublicConfig {
  return {
    tiers: config.tiers,
    memberDays: config.memberDays,
    watch: config.watch,
    chest: config.chest,
    pointsPerYuan: config.pointsPerYuan,
  };
}

const kindOf = (kind: string) => (kind === "percent" ? "percent" : "amount");

export function toTemplate(row: CouponTemplateRow): CouponTemplate {
  return {
    id: row.id,
    name: JSON.parse(row.name) as LocalizedText,
    kind: kindOf(row.kind),
    value: Number(row.value),
    minSpend: Number(row.min_spend),
    validDays: Number(row.valid_days),
    minTier: row.min_tier,
    stock: row.stock === null ? null : Number(row.stock),
    issued: Number(row.issued),
    perViewerLimit: Number(row.per_viewer_limit),
    pointsCost: row.points_cost === null ? null : Number(row.points_cost),
    active: Number(row.active) === 1,
  };
}

export function toCoupon(row: CouponRow, now: number): CouponView {
  return {
    code: row.code,
    templateId: row.template_id,
    name: JSON.parse(row.name) as LocalizedText,
    kind: kindOf(row.kind),
    value: Number(row.value),
    minSpend: Number(row.min_spend),
    source: row.source,
    state: effectiveState({ state: row.state, expiresAt: Number(row.expires_at) }, now),
    issuedAt: Number(row.issued_at),
    expiresAt: Number(row.expires_at),
  };
}

/** Templates priced in points and still in stock make the widget's exchange catalogue. */
export function toCatalogue(rows: CouponTemplateRow[]): ExchangeItem[] {
  return rows
    .filter((row) => row.points_cost !== null && (row.stock === null || Number(row.issued) < Number(row.stock)))
    .map((row) => ({
      templateId: row.id,
      name: JSON.parse(row.name) as LocalizedText,
      kind: kindOf(row.kind),
      value: Number(row.value),
      minSpend: Number(row.min_spend),
      pointsCost: Number(row.points_cost),
      remaining: row.stock === null ? null : Number(row.stock) - Number(row.issued),
      minTier: row.min_tier,
    }));
}

export function toOfferView(row: OfferRow, template: CouponTemplateRow, config: ShopConfig): OfferView {
  const stock = Number(row.stock);
  const tier = row.min_tier ? config.tiers.find((t) => t.key === row.min_tier) : undefined;
  return {
    id: row.id,
    keyword: row.keyword,
    mode: row.mode,
    status: row.status,
    coupon: {
      id: template.id,
      name: JSON.parse(template.name) as LocalizedText,
      kind: kindOf(template.kind),
      value: Number(template.value),
      minSpend: Number(template.min_spend),
      validDays: Number(template.valid_days),
    },
    stock,
    remaining: stock - Number(row.claimed),
    minTier: row.min_tier,
    minTierName: tier?.name ?? null,
    startedAt: Number(row.started_at),
    endsAt: Number(row.ends_at),
    endedAt: row.ended_at === null ? null : Number(row.ended_at),
  };
}

export function toProduct(row: ProductRow): Product {
  return {
    sku: row.sku,
    name: JSON.parse(row.name) as LocalizedText,
    price: Number(row.price),
    was: row.was === null ? null : Number(row.was),
    image: row.image,
    inStock: Number(row.in_stock) === 1,
    usageDays: row.usage_days === null ? null : Number(row.usage_days),
  };
}

export function toExperimentView(
  row: ExperimentRow,
  results: ArmResult[],
  comparisons: RateComparison[],
): ExperimentView {
  return {
    id: row.id,
    name: row.name,
    incentive: row.incentive as Incentive,
    arms: JSON.parse(row.arms) as ExperimentArm[],
    holdoutPercent: Number(row.holdout_percent),
    minSample: Number(row.min_sample),
    status: row.status === "running" ? "running" : "stopped",
    createdAt: Number(row.created_at),
    stoppedAt: row.stopped_at === null ? null : Number(row.stopped_at),
    results,
    comparisons,
  };
}

export function toLedgerEntry(row: LedgerRow): LedgerEntry {
  return {
    id: Number(row.id),
    delta: Number(row.delta),
    growthDelta: Number(row.growth_delta),
    reason: row.reason as LedgerEntry["reason"],
    ref: row.ref,
    idempotencyKey: row.idempotency_key,
    note: row.note,
    pointsAfter: Number(row.points_after),
    growthAfter: Number(row.growth_after),
    createdAt: Number(row.created_at),
  };
}

/** What the shop API tells of a viewer's watching: all of it, and today's points. */
export function toWatchSummary(watch: WatchState): { totalSeconds: number; todayPoints: number } {
  return { totalSeconds: Math.floor(watch.totalMs / 1000), todayPoints: watch.dayPoints };
}

const eventOf = (event: string) => event as WebhookEvent;

/** A delivery attempt, with the event of the message it carried. */
export function toDelivery(row: DeliveryRow & { event: string }) {
  return {
    id: Number(row.id),
    outboxId: Number(row.outbox_id),
    event: eventOf(row.event),
    attempt: Number(row.attempt),
    status: row.status === null ? null : Number(row.status),
    ok: Number(row.ok) === 1,
    error: row.error,
    at: Number(row.at),
  };
}

export function toWebhookMessage(row: OutboxRow) {
  return {
    id: Number(row.id),
    event: eventOf(row.event),
    state: row.delivered_at === null ? ("pending" as const) : ("delivered" as const),
    attempts: Number(row.attempts),
    nextAttemptAt: row.delivered_at === null ? Number(row.next_attempt_at) : null,
    createdAt: Number(row.created_at),
    deliveredAt: row.delivered_at === null ? null : Number(row.delivered_at),
  };
}
