import type { Segment } from "../../protocol/index.js";
import { localDay } from "./calendar.js";
import { DAY_MS } from "./coupons.js";

export const HIGH_INTENT_CLICKS = 3;
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
