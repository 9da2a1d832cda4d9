import { localDay } from "../calendar.js";

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

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The local date and time an instant shows in a zone, read from the platform's time zone data. */
function formattedWallClock(at: number, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(at))) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
    millisecond: ((at % 1000) + 1000) % 1000,
  };
}

const asUtc = (w: WallClock) => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.millisecond);

/*
 * A sweep asks for the wall clock of millions of instants, and formatToParts costs microseconds
 * each: it dominated a sweep's rules. A zone's offset only changes at its transitions, never two
 * within an hour, so an offset read at both ends of an hour and found equal holds for every
 * instant inside it. Hours with a transition in them are read instant by instant.
 */
const HOUR_MS = 3600_000;
const MIXED = Number.NaN;
const MAX_CACHED = 100_000;
const offsets = new Map<string, Map<number, number>>();
let cached = 0;

function formattedOffset(at: number, timeZone: string): number {
  return asUtc(formattedWallClock(at, timeZone)) - at;
}

/** How far the zone's clock is ahead of UTC at an instant, in ms. */
function offsetAt(at: number, timeZone: string): number {
  const hour = Math.floor(at / HOUR_MS);
  let zone = offsets.get(timeZone);
  if (!zone) {
    zone = new Map();
    offsets.set(timeZone, zone);
  }
  let offset = zone.get(hour);
  if (offset === undefined) {
    const start = formattedOffset(hour * HOUR_MS, timeZone);
    const end = formattedOffset((hour + 1) * HOUR_MS - 1, timeZone);
    offset = start === end ? start : MIXED;
    if (++cached > MAX_CACHED) {
      offsets.clear();
      cached = 0;
      offsets.set(timeZone, zone);
      zone.clear();
    }
    zone.set(hour, offset);
  }
  return Number.isNaN(offset) ? formattedOffset(at, timeZone) : offset;
}

/** The local date and time an instant shows in a zone. */
export function wallClock(at: number, timeZone: string): WallClock {
  const local = new Date(at + offsetAt(at, timeZone));
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

/**
 * The instant a zone's clocks show a wall time. A time skipped by a DST jump (02:30 on a spring
 * morning in New York) moves forward by the jump; a time shown twice (01:30 on the autumn night)
 * is its first showing: the "compatible" choice of Temporal and of most calendars.
 */
export function instantOf(wall: WallClock, timeZone: string): number {
  const utc = asUtc(wall);
  const first = utc - offsetAt(utc, timeZone);
  const second = utc - offsetAt(first, timeZone);
  if (first === second) return first;
  if (asUtc(wallClock(second, timeZone)) === utc) return second;
  if (asUtc(wallClock(first, timeZone)) === utc) return first;
  return Math.max(first, second);
}

/** A date shifted in the proleptic calendar, the day clamped to the month's last (31 Jan + 1 month = 28/29 Feb). */
function shiftDate(wall: WallClock, months: number, days: number): WallClock {
  const monthIndex = wall.year * 12 + (wall.month - 1) + months;
  const year = Math.floor(monthIndex / 12);
  const month = (monthIndex % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const shifted = new Date(Date.UTC(year, month - 1, Math.min(wall.day, lastDay) + days));
  return { ...wall, year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

/** The same wall-clock time `days` local days later (earlier when negative). */
export function addLocalDays(at: number, days: number, timeZone: string): number {
  return instantOf(shiftDate(wallClock(at, timeZone), 0, days), timeZone);
}

/** The same wall-clock time `months` calendar months later, on the month's last day if it is shorter. */
export function addLocalMonths(at: number, months: number, timeZone: string): number {
  return instantOf(shiftDate(wallClock(at, timeZone), months, 0), timeZone);
}

/** The first instant of the local day `at` falls on (not always 00:00: some zones skip midnight). */
export function startOfLocalDay(at: number, timeZone: string): number {
  return instantOf({ ...wallClock(at, timeZone), hour: 0, minute: 0, second: 0, millisecond: 0 }, timeZone);
}

/** The first instant of the local day after the one `at` falls on. */
export function startOfNextLocalDay(at: number, timeZone: string): number {
  const next = shiftDate(wallClock(at, timeZone), 0, 1);
  return instantOf({ ...next, hour: 0, minute: 0, second: 0, millisecond: 0 }, timeZone);
}

/** The YYYY-MM-DD key of the local day: daily budgets and readable once-keys count by it. */
export function dayKey(at: number, timeZone: string): string {
  return localDay(at, timeZone).key;
}
