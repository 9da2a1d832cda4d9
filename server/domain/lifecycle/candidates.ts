import type { ShopConfig } from "../../../protocol/index.js";
import { DORMANT_MS } from "../segments.js";
import { addLocalDays, addLocalMonths, wallClock } from "./zoned.js";

/*
 * Whom a sweep needs to look at. Every rule's due moment follows from a stored date by local days
 * or months (payment + usage days, last watch + 30 days, expiry − 3 days, last activity + 12
 * months, ...). Given the last complete sweep, a viewer whose facts did not change since can only
 * have something new due if one of those moments fell between that sweep and now, so inverting
 * the arithmetic says which stored dates to look for. The windows here are supersets (a few
 * hours' slack for daylight saving, days for month ends): the rules still decide, the windows
 * only say whom they look at.
 */

const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;
/** Local-day arithmetic moves by whole days give or take a change of UTC offset. */
const DAY_SLACK_MS = 3 * HOUR_MS;

/** Stored instants in [from, to]. */
export interface Span {
  from: number;
  to: number;
}

export interface CandidateWindows {
  /** orders with a line of one of the skus paid then: replenishment */
  lines: { span: Span; skus: string[] }[];
  /** first orders paid then: the thank-you */
  firstOrders: Span[];
  /** last orders paid then: win-back counted from a last order */
  lastOrders: Span[];
  /** watching last credited then: win-back and dormancy counted from the last watch */
  watched: Span[];
  /** viewers first seen then: win-back and dormancy of viewers who never watched or bought */
  created: Span[];
  /** unused coupons expiring then: the coupon-expiring reminder */
  couponsExpiring: Span[];
  /** ledger entries written then: points expiry (last activity), the tier window (growth ageing out) */
  ledger: Span[];
  /** birthdays whose week is on now, by the year their touch is keyed with: only viewers with no touch for it yet need one */
  birthdays: { year: number; days: string[] }[];
  /** the tier window's grace counted from the moment it was switched on ends now: every tiered viewer */
  allTiered: boolean;
}

export interface WindowInput {
  config: Pick<ShopConfig, "automations" | "timezone">;
  /** the shop's products that are used up, with how many days one lasts */
  usage: readonly { sku: string; usageDays: number }[];
  /** the last complete sweep's moment */
  lastSweep: number;
  /** the last complete sweep less a margin for writes it may not have seen */
  since: number;
  now: number;
  /** when the tier window was found switched on, or null */
  tierWindowSince: number | null;
}

/** Dates d with addLocalDays(d, days) in [since, now]. */
function beforeByDays(days: number, since: number, now: number, zone: string): Span {
  return {
    from: addLocalDays(since, -days, zone) - DAY_SLACK_MS,
    to: addLocalDays(now, -days, zone) + DAY_SLACK_MS,
  };
}

/**
 * Dates d with addLocalMonths(d, months) in the span. Going back a month lands on a month's last
 * day at most three days early (28 February back from 31 March), so the later end steps on a day
 * at a time while going forward still lands in the span.
 */
function beforeByMonths(months: number, span: Span, zone: string): Span {
  let to = addLocalMonths(span.to, -months, zone);
  for (let i = 0; i < 3 && addLocalMonths(to + DAY_MS, months, zone) <= span.to; i++) to += DAY_MS;
  return { from: addLocalMonths(span.from, -months, zone) - DAY_SLACK_MS, to: to + DAY_SLACK_MS };
}

/** Overlapping spans joined, in order: one range query each. */
export function mergeSpans(spans: readonly Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.from - b.from);
  const out: Span[] = [];
  for (const span of sorted) {
    const last = out[out.length - 1];
    if (last && span.from <= last.to) last.to = Math.max(last.to, span.to);
    else out.push({ ...span });
  }
  return out;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** The birthdays (MM-DD) whose week (three days either side, shop time) contains `now`, by year. */
export function liveBirthdays(now: number, zone: string): { year: number; days: string[] }[] {
  const today = wallClock(now, zone);
  const byYear = new Map<number, string[]>();
  for (let offset = -3; offset <= 3; offset++) {
    const date = new Date(Date.UTC(today.year, today.month - 1, today.day + offset));
    const year = date.getUTCFullYear();
    const month = date.getUTCMonth() + 1;
    const day = date.getUTCDate();
    const days = byYear.get(year) ?? [];
    days.push(`${pad(month)}-${pad(day)}`);
    // 29 February is kept on the 28th in other years
    const leap = new Date(Date.UTC(year, 1, 29)).getUTCMonth() === 1;
    if (month === 2 && day === 28 && !leap) days.push("02-29");
    byYear.set(year, days);
  }
  return [...byYear].map(([year, days]) => ({ year, days }));
}

/**
 * The stored dates that can make something due for a viewer between `since` and `now` without any
 * new fact of theirs, for the automations the shop switched on (and the segments, read always).
 */
export function candidateWindows(input: WindowInput): CandidateWindows {
  const { config, since, now } = input;
  const auto = config.automations;
  const zone = config.timezone;
  const back = (days: number) => beforeByDays(days, since, now, zone);

  // replenishment: per lead time, the skus that last that long
  const skusByDays = new Map<number, string[]>();
  if (auto.replenish.enabled) {
    for (const { sku, usageDays } of input.usage) {
      const days = Math.max(1, usageDays - auto.replenish.leadDays);
      skusByDays.set(days, [...(skusByDays.get(days) ?? []), sku]);
    }
  }
  // dormancy (the segment, read always) counts milliseconds rather than local days: the slack covers both
  const silentDays = new Set<number>([DORMANT_MS / DAY_MS]);
  const lastOrderDays = new Set<number>();
  if (auto.winBack.enabled) {
    for (const step of auto.winBack.steps) {
      silentDays.add(step.days);
      lastOrderDays.add(step.days);
    }
  }

  const couponsExpiring = auto.couponExpiring.enabled
    ? [beforeByDays(-auto.couponExpiring.daysBefore, since, now, zone)]
    : [];

  const ledger: Span[] = [];
  if (auto.pointsExpiry.enabled) {
    // a warning `w` days before the deadline, and the deadline itself (the expiry)
    for (const days of [...auto.pointsExpiry.warningDays, 0]) {
      ledger.push(beforeByMonths(auto.pointsExpiry.months, back(-days), zone));
    }
  }
  let allTiered = false;
  if (auto.tierWindow.enabled && input.tierWindowSince !== null) {
    const { graceDays, noticeDays, months } = auto.tierWindow;
    // the growth fell below at an entry's time, when an entry aged out, or when the window was switched on
    for (const drop of [back(graceDays), back(graceDays - noticeDays)])
      ledger.push(drop, beforeByMonths(months, drop, zone));
    // the last case is one moment for everyone: exactly when its notice or downgrade falls in this sweep
    const downgradeAt = addLocalDays(input.tierWindowSince, graceDays, zone);
    const noticeAt = addLocalDays(downgradeAt, -noticeDays, zone);
    allTiered = [downgradeAt, noticeAt].some((at) => at > input.lastSweep && at <= now);
  }

  return {
    lines: [...skusByDays].map(([days, skus]) => ({ span: back(days), skus })),
    firstOrders: auto.firstOrder.enabled ? [back(auto.firstOrder.afterDays)] : [],
    lastOrders: mergeSpans([...lastOrderDays].map(back)),
    watched: mergeSpans([...silentDays].map(back)),
    created: mergeSpans([...silentDays].map(back)),
    couponsExpiring,
    ledger: mergeSpans(ledger),
    birthdays: auto.birthday.enabled ? liveBirthdays(now, zone) : [],
    allTiered,
  };
}
