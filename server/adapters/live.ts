import type {
  HostStats,
  LocalizedText,
  OfferView,
  Product,
  RoomState,
  ShopConfig,
  Winner,
} from "../../protocol/index.js";
import type { CouponTemplateRow, OfferRow, ProductRow, RoomRow } from "../store/schema.js";
import { kindOf } from "./coupons.js";

// The live room: its state, featured products, 扣1 offers, the host panel's offer and winners.

type OfferTimes = Pick<OfferRow, "started_at" | "sold_out_at">;
/** How long an offer took to sell out, or null while it has not. */
export const soldOutMs = (offer: OfferTimes) =>
  offer.sold_out_at === null ? null : offer.sold_out_at - offer.started_at;

export function toRoomState(room: RoomRow): RoomState {
  return { id: room.id, title: room.title, live: room.live === 1, minTier: room.min_tier };
}

export function toProduct(row: ProductRow): Product {
  return {
    sku: row.sku,
    name: JSON.parse(row.name) as LocalizedText,
    price: row.price,
    was: row.was === null ? null : row.was,
    image: row.image,
    inStock: row.in_stock === 1,
    usageDays: row.usage_days === null ? null : row.usage_days,
  };
}

export function toOfferView(row: OfferRow, template: CouponTemplateRow, config: ShopConfig): OfferView {
  const stock = row.stock;
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
      value: template.value,
      minSpend: template.min_spend,
      validDays: template.valid_days,
    },
    stock,
    remaining: stock - row.claimed,
    minTier: row.min_tier,
    minTierName: tier?.name ?? null,
    startedAt: row.started_at,
    endsAt: row.ends_at,
    endedAt: row.ended_at === null ? null : row.ended_at,
    drawCommitment: row.draw_commitment,
  };
}

/** The offer part of the host panel. Entries count draw entries (and first-come wins, which are entries too). */
export function toOfferStats(offer: OfferRow | null, entries: number): HostStats["offer"] {
  if (!offer) return null;
  return { id: offer.id, claimed: offer.claimed, stock: offer.stock, soldOutMs: soldOutMs(offer), entries };
}

export function toWinner(row: { viewer_id: string; name: string | null; won_at: number | null }): Winner {
  return { viewerId: row.viewer_id, name: row.name, at: row.won_at ?? 0 };
}
