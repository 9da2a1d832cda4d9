import { type ContactBudget, type QuietHours, TOUCH_KINDS, type TouchKind } from "../../../protocol/index.js";
import { DAY_MS } from "../coupons.js";
import type { Due } from "./due.js";
import { instantOf, startOfLocalDay, startOfNextLocalDay, wallClock } from "./zoned.js";

/** The rolling window `perWeek` counts over. */
export const WEEK_MS = 7 * DAY_MS;

/** Why the budget kept a touch from going: counted per automation on the dashboard. */
export type HoldReason = "opted_out" | "expired" | "per_day" | "per_week";

export interface BudgetInput {
  /** one viewer's touches the rules yielded and nothing has sent yet */
  due: readonly Due[];
  /** when this viewer's earlier touches went out, any kind */
  sentAt: readonly number[];
  optedOut: boolean;
  now: number;
  timeZone: string;
  budget: ContactBudget;
}

export interface BudgetDecision {
  /** send now, in priority order */
  send: Due[];
  /** not before `until`: the end of the quiet hours, or the touch's own time */
  defer: { due: Due; until: number; reason: "quiet_hours" | "not_yet_due" }[];
  /**
   * kept back; `retryAt` is the first instant the budget would let one more touch go (and not in
   * quiet hours), or null when the touch will never go (opted out, or expired by then)
   */
  held: { due: Due; reason: HoldReason; retryAt: number | null }[];
}

/** A kind's place in the shop's order: listed kinds first, the rest after them in TOUCH_KINDS order. */
export function priorityRank(priority: readonly TouchKind[], kind: TouchKind): number {
  const listed = priority.indexOf(kind);
  return listed >= 0 ? listed : priority.length + TOUCH_KINDS.indexOf(kind);
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether the shop's clocks show a time inside the quiet hours (start included, end not). */
export function inQuietHours(at: number, quiet: QuietHours, timeZone: string): boolean {
  const wall = wallClock(at, timeZone);
  const m = wall.hour * 60 + wall.minute;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  return start < end ? m >= start && m < end : m >= start || m < end;
}

/**
 * When quiet hours that contain `at` end: the next time the shop's clocks show `end`, on the same
 * local day or, past midnight's wrap, the next one. A DST jump over `end` moves it by the jump.
 */
export function quietHoursEnd(at: number, quiet: QuietHours, timeZone: string): number {
  const wall = wallClock(at, timeZone);
  const endMinutes = minutesOf(quiet.end);
  const afterEndToday = wall.hour * 60 + wall.minute >= endMinutes;
  const day = afterEndToday ? wallClock(startOfNextLocalDay(at, timeZone), timeZone) : wall;
  return instantOf(
    { ...day, hour: Math.floor(endMinutes / 60), minute: endMinutes % 60, second: 0, millisecond: 0 },
    timeZone,
  );
}

/** Which limit keeps one more touch from going at `at`, or null. */
export function limitAt(
  at: number,
  sentAt: readonly number[],
  budget: ContactBudget,
  timeZone: string,
): HoldReason | null {
  const dayStart = startOfLocalDay(at, timeZone);
  const dayEnd = startOfNextLocalDay(at, timeZone);
  if (sentAt.filter((s) => s >= dayStart && s < dayEnd).length >= budget.perDay) return "per_day";
  if (sentAt.filter((s) => s > at - WEEK_MS && s <= at).length >= budget.perWeek) return "per_week";
  return null;
}

/** The first instant at or after `from` when one more touch may go: outside quiet hours, within both limits. */
export function nextOpening(from: number, sentAt: readonly number[], budget: ContactBudget, timeZone: string): number {
  let at = from;
  // each step moves forward to where one obstacle ends; a handful settle any real history
  for (let step = 0; step < 64; step++) {
    if (budget.quietHours && inQuietHours(at, budget.quietHours, timeZone)) {
      at = quietHoursEnd(at, budget.quietHours, timeZone);
      continue;
    }
    const limit = limitAt(at, sentAt, budget, timeZone);
    if (limit === "per_day") {
      at = startOfNextLocalDay(at, timeZone);
      continue;
    }
    if (limit === "per_week") {
      const inWindow = sentAt.filter((s) => s > at - WEEK_MS && s <= at).sort((a, b) => a - b);
      // once enough of the window's touches age out, one more fits
      at = (inWindow[inWindow.length - budget.perWeek] as number) + WEEK_MS;
      continue;
    }
    return at;
  }
  return at;
}

/**
 * The contact budget for one viewer at `now`: an opted-out viewer gets nothing; touches past their
 * use are dropped; in quiet hours everything waits for their end; otherwise the touches go in the
 * shop's priority order while the day's and the rolling week's counts allow, and the rest are
 * held with the reason and the next opening. Never more than `perDay` in a local day nor
 * `perWeek` in any 7 days, counting what was sent before.
 */
export function applyBudget(input: BudgetInput): BudgetDecision {
  const { now, timeZone, budget } = input;
  const decision: BudgetDecision = { send: [], defer: [], held: [] };
  if (input.optedOut) {
    decision.held = input.due.map((due) => ({ due, reason: "opted_out", retryAt: null }));
    return decision;
  }
  const ready: Due[] = [];
  for (const due of input.due) {
    if (due.expiresAt !== null && due.expiresAt <= now) decision.held.push({ due, reason: "expired", retryAt: null });
    else if (due.dueAt > now) decision.defer.push({ due, until: due.dueAt, reason: "not_yet_due" });
    else ready.push(due);
  }
  ready.sort(
    (a, b) =>
      priorityRank(budget.priority, a.kind) - priorityRank(budget.priority, b.kind) ||
      a.dueAt - b.dueAt ||
      (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
  if (budget.quietHours && inQuietHours(now, budget.quietHours, timeZone)) {
    const until = quietHoursEnd(now, budget.quietHours, timeZone);
    for (const due of ready) decision.defer.push({ due, until, reason: "quiet_hours" });
    return decision;
  }
  const sent = [...input.sentAt];
  for (const due of ready) {
    const limit = limitAt(now, sent, budget, timeZone);
    if (limit === null) {
      decision.send.push(due);
      sent.push(now);
      continue;
    }
    const opening = nextOpening(now, sent, budget, timeZone);
    const retryAt = due.expiresAt !== null && opening >= due.expiresAt ? null : opening;
    decision.held.push({ due, reason: limit, retryAt });
  }
  return decision;
}
