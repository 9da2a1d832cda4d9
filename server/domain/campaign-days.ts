import type { CampaignDays, DayAverages } from "../../protocol/index.js";
import { localDay } from "./calendar.js";
import { type CampaignRule, stretches, zonedInstant } from "./campaigns.js";

export interface DayActivity {
  /** orders, or buckets of them (`count` orders paid together in the bucket starting at `at`) */
  orders: readonly { at: number; paid: number; count?: number }[];
  /** verified watch time, counted on the local day the live started */
  watch: readonly { at: number; ms: number }[];
}

function dayKeyPlus(key: string, days: number): string {
  const [y, m, d] = key.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The first instant of the whole local days this comparison covers: `sinceDays` days before today. */
export function comparisonStart(now: number, timeZone: string, sinceDays: number): number {
  return zonedInstant(`${dayKeyPlus(localDay(now, timeZone).key, -sinceDays)}T00:00`, timeZone);
}

/**
 * Campaign days against ordinary ones: each of the last `sinceDays` whole local days (today, not
 * yet over, is left out) is a campaign day when any campaign or member day ran during it; orders,
 * revenue and watch minutes are averaged per day of each kind, so a shop sees whether its
 * campaign days sell and watch more than the rest.
 */
export function compareCampaignDays(
  activity: DayActivity,
  rules: readonly CampaignRule[],
  now: number,
  timeZone: string,
  sinceDays = 28,
): CampaignDays {
  const today = localDay(now, timeZone).key;
  const totals = new Map<string, { orders: number; revenue: number; watchMs: number }>();
  const dayOf = (at: number) => {
    const key = localDay(at, timeZone).key;
    const known = totals.get(key);
    if (known) return known;
    const day = { orders: 0, revenue: 0, watchMs: 0 };
    totals.set(key, day);
    return day;
  };
  for (const order of activity.orders) {
    const day = dayOf(order.at);
    day.orders += order.count ?? 1;
    day.revenue += order.paid;
  }
  for (const watch of activity.watch) dayOf(watch.at).watchMs += watch.ms;

  const sums = { campaign: [0, 0, 0, 0], ordinary: [0, 0, 0, 0] };
  for (let back = sinceDays; back >= 1; back--) {
    const key = dayKeyPlus(today, -back);
    const startsAt = zonedInstant(`${key}T00:00`, timeZone);
    const endsAt = zonedInstant(`${dayKeyPlus(key, 1)}T00:00`, timeZone);
    const campaign = rules.some((rule) => stretches(rule.schedule, startsAt, endsAt, timeZone).length > 0);
    const day = totals.get(key);
    const sum = campaign ? sums.campaign : sums.ordinary;
    sum[0] = (sum[0] ?? 0) + 1;
    sum[1] = (sum[1] ?? 0) + (day?.orders ?? 0);
    sum[2] = (sum[2] ?? 0) + (day?.revenue ?? 0);
    sum[3] = (sum[3] ?? 0) + (day?.watchMs ?? 0);
  }
  const averages = ([days = 0, orders = 0, revenue = 0, watchMs = 0]: number[]): DayAverages =>
    days === 0
      ? { days: 0, orders: 0, revenue: 0, watchMinutes: 0 }
      : { days, orders: orders / days, revenue: Math.round(revenue / days), watchMinutes: watchMs / 60_000 / days };
  return { sinceDays, campaign: averages(sums.campaign), ordinary: averages(sums.ordinary) };
}
