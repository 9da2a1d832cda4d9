import { DAY_MS } from "../../shared/time.js";
import { localDay } from "../calendar.js";
import { instantAtLocal, localMs } from "../zone-offset.js";

/**
 * Wall-clock arithmetic in a shop's zone. Automations count in local days and calendar months
 * ("25 days after payment", "12 months without activity") and quiet hours are local times, so
 * adding 24 h or 30 days of milliseconds would drift by an hour across DST and by days across
 * month ends.
 */

export interface WallClock {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

/** The local date and time an instant shows in a zone. */
export function wallClock(at: number, timeZone: string): WallClock {
  const local = new Date(localMs(at, timeZone));
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
    millisecond: local.getUTCMilliseconds(),
  };
}

const asUtc = (w: WallClock) => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.millisecond);

/**
 * The instant a zone's clocks show a wall time. A time skipped by a DST jump (02:30 on a spring
 * morning in New York) moves forward by the jump; a time shown twice (01:30 on the autumn night)
 * is its first showing: the "compatible" choice of Temporal and of most calendars.
 */
export function instantOf(wall: WallClock, timeZone: string): number {
  return instantAtLocal(asUtc(wall), timeZone);
}

/*
 * The rules add days and months to millions of instants a sweep, so they work on local ms (the
 * wall clock read as UTC, see zone-offset.ts): a local day is 24 h of it in every zone, and a
 * calendar month is UTC's.
 */

/** The same wall-clock time `days` local days later (earlier when negative). */
export function addLocalDays(at: number, days: number, timeZone: string): number {
  return instantAtLocal(localMs(at, timeZone) + days * DAY_MS, timeZone);
}

/** The same wall-clock time `months` calendar months later, on the month's last day if it is shorter (31 Jan + 1 month = 28/29 Feb). */
export function addLocalMonths(at: number, months: number, timeZone: string): number {
  const local = localMs(at, timeZone);
  const date = new Date(local);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return instantAtLocal(Date.UTC(year, month, Math.min(date.getUTCDate(), lastDay)) + mod(local, DAY_MS), timeZone);
}

/** The first instant of the local day `at` falls on (not always 00:00: some zones skip midnight). */
export function startOfLocalDay(at: number, timeZone: string): number {
  const local = localMs(at, timeZone);
  return instantAtLocal(local - mod(local, DAY_MS), timeZone);
}

/** The first instant of the local day after the one `at` falls on. */
export function startOfNextLocalDay(at: number, timeZone: string): number {
  const local = localMs(at, timeZone);
  return instantAtLocal(local - mod(local, DAY_MS) + DAY_MS, timeZone);
}

const mod = (n: number, m: number) => ((n % m) + m) % m;

/** The YYYY-MM-DD key of the local day: daily budgets and readable once-keys count by it. */
export function dayKey(at: number, timeZone: string): string {
  return localDay(at, timeZone).key;
}
