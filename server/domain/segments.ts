import type { Segment } from "../../protocol/index.js";
import { HIGH_INTENT_CLICKS } from "../shared/intent.js";
import { localDay } from "./calendar.js";
import { DAY_MS } from "./coupons.js";

export { HIGH_INTENT_CLICKS };
export const HIGH_INTENT_WINDOW_MS = DAY_MS;
export const NEW_BUYER_MS = 7 * DAY_MS;
export const DORMANT_MS = 30 * DAY_MS;

export interface Activity {
  /** product clicks, any order */
  clicks: { sku: string; at: number }[];
  /** skus the viewer has bought (in orders not refunded) */
  boughtSkus: ReadonlySet<string>;
  firstOrderAt: number | null;
  /** the last time verified watching was credited, or null if never */
  lastWatchAt: number | null;
  /** when the viewer was first seen: the start of the dormancy clock for one who never watched */
  since: number;
}

/** Skus clicked at least three times within the last 24 h and not bought. */
export function highIntentSkus(activity: Pick<Activity, "clicks" | "boughtSkus">, now: number): string[] {
  const counts = new Map<string, number>();
  for (const click of activity.clicks) {
    if (click.at > now || now - click.at >= HIGH_INTENT_WINDOW_MS) continue;
    counts.set(click.sku, (counts.get(click.sku) ?? 0) + 1);
  }
  return [...counts]
    .filter(([sku, n]) => n >= HIGH_INTENT_CLICKS && !activity.boughtSkus.has(sku))
    .map(([sku]) => sku)
    .sort();
}

export function isNewBuyer(firstOrderAt: number | null, now: number): boolean {
  return firstOrderAt !== null && firstOrderAt <= now && now - firstOrderAt <= NEW_BUYER_MS;
}

export function isDormant(activity: Pick<Activity, "lastWatchAt" | "since">, now: number): boolean {
  return now - (activity.lastWatchAt ?? activity.since) >= DORMANT_MS;
}

export function segmentsOf(activity: Activity, now: number): { segments: Segment[]; highIntentSkus: string[] } {
  const skus = highIntentSkus(activity, now);
  const segments: Segment[] = [];
  if (skus.length > 0) segments.push("high_intent");
  if (isNewBuyer(activity.firstOrderAt, now)) segments.push("new_buyer");
  if (isDormant(activity, now)) segments.push("dormant");
  return { segments, highIntentSkus: skus };
}

/**
 * The year whose birthday week `now` falls in, or null: the week runs from three days before
 * the birthday to three days after, in the shop's zone. 29 February is kept on 28 February in
 * other years. The year makes the grant key, so each birthday is celebrated once.
 */
export function birthdayWeekYear(birthday: string | null, now: number, timeZone: string): number | null {
  const match = birthday ? /^(\d{2})-(\d{2})$/.exec(birthday) : null;
  if (!match) return null;
  const month = Number(match[1]);
  const day = Number(match[2]);
  const today = localDay(now, timeZone);
  const todayUtc = Date.UTC(today.year, today.month - 1, today.dayOfMonth);
  for (const year of [today.year - 1, today.year, today.year + 1]) {
    const leap = new Date(Date.UTC(year, 1, 29)).getUTCMonth() === 1;
    const d = month === 2 && day === 29 && !leap ? 28 : day;
    const birthdayUtc = Date.UTC(year, month - 1, d);
    if (Math.abs(todayUtc - birthdayUtc) <= 3 * DAY_MS) return year;
  }
  return null;
}

/*
 * Buyer segments, read over months rather than the live moment: they feed the "segment entered"
 * automation and its webhooks, and are not part of `segmentsOf` (the live cards and the viewer API).
 */

export const HIGH_VALUE_ORDERS = 3;
/** "Top spenders": this share of the shop's buyers of the last 12 months, by what they spent. */
export const HIGH_VALUE_TOP_PERCENT = 10;
export const PRICE_SENSITIVE_PERCENT = 80;
export const PRICE_SENSITIVE_MIN_ORDERS = 3;
export const WATCHED_NOT_BOUGHT_SECONDS = 3600;

export interface BuyerFacts {
  /** cents paid in the last 12 months, in orders not refunded */
  spent12Months: number;
  /** orders paid in the last 12 months, not refunded */
  orders12Months: number;
  /** every order paid, not refunded */
  orders: number;
  /** of those, orders paid with an Encore coupon */
  ordersWithCoupon: number;
  /** verified watch time, all rooms of the shop */
  watchedSeconds: number;
}

/**
 * The least a viewer must have spent in 12 months to be among the top `topPercent` of the shop's
 * spenders, from every spender's 12-month total; null when nobody spent. The store may compute the
 * same cut in SQL; this is its definition.
 */
export function topSpenderCut(spends: readonly number[], topPercent: number): number | null {
  const positive = spends.filter((s) => s > 0).sort((a, b) => b - a);
  if (positive.length === 0) return null;
  const count = Math.max(1, Math.ceil((positive.length * topPercent) / 100));
  return positive[count - 1] ?? null;
}

/** Top spenders of the last 12 months (at or above the cut), or three orders or more in them. */
export function isHighValueLoyal(
  facts: Pick<BuyerFacts, "spent12Months" | "orders12Months">,
  cut: number | null,
): boolean {
  const topSpender = cut !== null && facts.spent12Months > 0 && facts.spent12Months >= cut;
  return topSpender || facts.orders12Months >= HIGH_VALUE_ORDERS;
}

/** At least 80% (in whole numbers: 0.8 × 15 is not 12 in floating point) of at least `minOrders` orders paid with a coupon: fewer orders say too little. */
export function isPriceSensitive(
  facts: Pick<BuyerFacts, "orders" | "ordersWithCoupon">,
  minOrders = PRICE_SENSITIVE_MIN_ORDERS,
): boolean {
  return facts.orders >= minOrders && facts.ordersWithCoupon * 100 >= PRICE_SENSITIVE_PERCENT * facts.orders;
}

/** An hour or more of verified watching and no order yet: interested, not yet convinced. */
export function isWatchedNotBought(facts: Pick<BuyerFacts, "orders" | "watchedSeconds">): boolean {
  return facts.orders === 0 && facts.watchedSeconds >= WATCHED_NOT_BOUGHT_SECONDS;
}

export function buyerSegmentsOf(facts: BuyerFacts, topSpenderCut: number | null): Segment[] {
  const segments: Segment[] = [];
  if (isHighValueLoyal(facts, topSpenderCut)) segments.push("high_value");
  if (isPriceSensitive(facts)) segments.push("price_sensitive");
  if (isWatchedNotBought(facts)) segments.push("watched_not_bought");
  return segments;
}
