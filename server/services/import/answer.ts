import type { OrderResponse, ShopConfig } from "../../../protocol/index.js";
import type { Balance } from "../../domain/ledger.js";
import type { OrderMoney } from "../../domain/orders.js";
import { tierIndexFor } from "../../domain/tiers.js";

type Pieces = { head: string; next: { head: string; perks: string; threshold: number } | null; threshold: number }[];

const cache = new WeakMap<ShopConfig["tiers"], Pieces>();

/** Each tier's wallet JSON up to the numbers that differ per viewer: a million answers share them. */
function piecesOf(tiers: ShopConfig["tiers"]): Pieces {
  let pieces = cache.get(tiers);
  if (!pieces) {
    pieces = tiers.map((tier, index) => {
      const next = tiers[index + 1];
      const open = (value: object) => JSON.stringify(value).slice(0, -1);
      return {
        head: open({ key: tier.key, index, name: tier.name, multiplier: tier.multiplier, perks: tier.perks }),
        next: next
          ? {
              head: open({ key: next.key, name: next.name, threshold: next.threshold }),
              perks: JSON.stringify(next.perks),
              threshold: next.threshold,
            }
          : null,
        threshold: tier.threshold,
      };
    });
    cache.set(tiers, pieces);
  }
  return pieces;
}

/**
 * The answer an imported order keeps, as JSON, for the shop's backend reporting it live later
 * (a replay gets the first answer): what `toWallet` and JSON.stringify would give, assembled
 * from per-tier pieces because an import writes a million of them.
 */
export function importedAnswer(
  order: { orderId: string; viewerId: string; amount: number },
  money: OrderMoney,
  after: Balance,
  tiers: ShopConfig["tiers"],
): string {
  const piece = piecesOf(tiers)[tierIndexFor(after.growth, tiers)] as Pieces[number];
  const { next } = piece;
  const progress = next
    ? Math.min(1, Math.max(0, (after.growth - piece.threshold) / (next.threshold - piece.threshold)))
    : 1;
  const nextJson = next
    ? `${next.head},"remaining":${Math.max(0, next.threshold - after.growth)},"perks":${next.perks}}`
    : "null";
  const tier = `${piece.head},"next":${nextJson},"progress":${progress}}`;
  const head: Omit<OrderResponse, "wallet" | "refunded"> = {
    orderId: order.orderId,
    viewerId: order.viewerId,
    amount: order.amount,
    ...money,
    couponCode: null,
    // an order of the past was fulfilled then: it carries no perks to act on now
    perks: [],
    granted: [],
  };
  const wallet = `{"points":${after.points},"growth":${after.growth},"tier":${tier}}`;
  return `${JSON.stringify(head).slice(0, -1)},"wallet":${wallet},"refunded":false}`;
}
