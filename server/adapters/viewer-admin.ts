import type { ShopConfig, ViewerOrder, ViewerSearchRow } from "../../protocol/index.js";
import { tierIndexFor } from "../domain/tiers.js";
import type { OrderRow } from "../store/schema.js";
import type { FoundViewer } from "../store/viewer-search.js";

// The back office's view of viewers: search rows and orders.

export function toViewerSearchRow(row: FoundViewer, config: ShopConfig): ViewerSearchRow {
  const tier = config.tiers[tierIndexFor(row.growth, config.tiers)];
  return {
    viewerId: row.viewer_id,
    name: row.name,
    tier: { key: tier?.key ?? "", name: tier?.name ?? { "zh-CN": "", en: "" } },
    points: row.points,
    growth: row.growth,
    lastSeenAt: row.last_seen_at,
  };
}

export function toViewerOrder(row: OrderRow): ViewerOrder {
  return {
    orderId: row.order_id,
    amount: row.amount,
    discount: row.discount,
    pointsUsed: row.points_used,
    paid: row.paid,
    pointsEarned: row.points_earned,
    growthEarned: row.growth_earned,
    couponCode: row.coupon_code,
    paidAt: row.paid_at,
    refundedAt: row.refunded_at,
  };
}
