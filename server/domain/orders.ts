import {
  type ErrorCode,
  MAX_ORDER_CENTS,
  type OrderBody,
  type OrderItem,
  type ShopConfig,
} from "../../protocol/index.js";

type MoneyConfig = Pick<ShopConfig, "pointsPerYuan" | "pointsSpendCapPercent" | "growthPerYuan" | "orderPointsPerYuan">;

/** Cents are whole, never negative and at most the largest order; anything else is not an amount of money. */
export function amountRefusal(amount: number): ErrorCode | null {
  return Number.isSafeInteger(amount) && amount >= 0 && amount <= MAX_ORDER_CENTS ? null : "amount_invalid";
}

/** What an order's lines add up to (qty × price) is an amount too, bounded like one. */
export function itemsRefusal(items: readonly Pick<OrderItem, "qty" | "price">[]): ErrorCode | null {
  let total = 0;
  for (const { qty, price } of items) {
    total += qty * price;
    if (amountRefusal(total)) return "amount_invalid";
  }
  return null;
}

/** What spending points at checkout is worth in cents, rounded down so points never buy more than their price. */
export function pointsValue(points: number, config: Pick<MoneyConfig, "pointsPerYuan">): number {
  return Math.floor((points * 100) / config.pointsPerYuan);
}

/** The most cents of an order points may pay for. */
export function pointsCapCents(amount: number, config: Pick<MoneyConfig, "pointsSpendCapPercent">): number {
  return Math.floor((amount * config.pointsSpendCapPercent) / 100);
}

/** The member price's cents off an order's value: the tier's percentage, rounded down so it never takes more. */
export function memberDiscountOf(amount: number, percent: number): number {
  return Math.floor((amount * percent) / 100);
}

export interface OrderMoney {
  /** cents off for the viewer's tier (the member price), before the coupon */
  memberDiscount: number;
  discount: number;
  pointsUsed: number;
  pointsValue: number;
  /** money paid: amount − memberDiscount − discount − pointsValue, never below zero */
  paid: number;
  pointsEarned: number;
  growthEarned: number;
}

/**
 * The arithmetic of one order. The member price comes off first (`memberDiscount`, the coupon's
 * discount is already reckoned on what is left); points may pay at most the cap share of the
 * member-priced value, never more than the coupon left to pay and never more than the viewer
 * holds; what was paid in money earns points (per whole ¥1, times the tier multiplier) and growth
 * (per whole ¥1). Points spent earn nothing back.
 */
export function orderMoney(
  input: {
    amount: number;
    /** none for an order of the past (an import), which reports what was paid then */
    memberDiscount?: number;
    discount: number;
    pointsUsed: number;
    balance: number;
    multiplier: number;
  },
  config: MoneyConfig,
): OrderMoney | "points_cap" | "insufficient_points" {
  const memberDiscount = input.memberDiscount ?? 0;
  const priced = input.amount - memberDiscount;
  const value = pointsValue(input.pointsUsed, config);
  if (value > pointsCapCents(priced, config)) return "points_cap";
  // points that pay for what the coupon already took off would be spent for nothing
  if (value > priced - input.discount) return "points_cap";
  if (input.pointsUsed > input.balance) return "insufficient_points";
  const paid = priced - input.discount - value;
  const yuan = Math.floor(paid / 100);
  return {
    memberDiscount,
    discount: input.discount,
    pointsUsed: input.pointsUsed,
    pointsValue: value,
    paid,
    pointsEarned: Math.floor(yuan * config.orderPointsPerYuan * input.multiplier),
    growthEarned: yuan * config.growthPerYuan,
  };
}

/**
 * An order's request in one canonical form: a replay must match it exactly, whatever its key
 * order. An imported order is kept in the same form, so the shop's backend reporting it again
 * live is answered as the replay it is.
 */
export function canonicalOrder(
  body: Pick<OrderBody, "orderId" | "viewerId" | "amount" | "items" | "couponCode" | "paidAt"> & { pointsUsed: number },
): string {
  return JSON.stringify({
    orderId: body.orderId,
    viewerId: body.viewerId,
    amount: body.amount,
    items: body.items.map((i) => ({ sku: i.sku, name: i.name ?? null, qty: i.qty, price: i.price })),
    couponCode: body.couponCode ?? null,
    pointsUsed: body.pointsUsed,
    paidAt: body.paidAt,
  });
}
