import type { ShopConfig } from "../../protocol/index.js";

export interface LocalDay {
  /** YYYY-MM-DD in the shop's zone: the key that resets daily caps */
  key: string;
  year: number;
  month: number;
  dayOfMonth: number;
  /** 0 = Sunday */
  dayOfWeek: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      weekday: "short",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/**
 * The last day computed per zone, by the second it was asked for: no zone's offset has a
 * fraction of a second, so a day never changes within one. formatToParts is slow beside
 * everything else a join does, and a room arriving at once asks for the same day thousands of
 * times a second. Frozen, as every caller shares it.
 */
const lastDay = new Map<string, { second: number; day: Readonly<LocalDay> }>();

/** The calendar day an instant falls on in a time zone. */
export function localDay(at: number, timeZone: string): LocalDay {
  const second = Math.floor(at / 1000);
  const last = lastDay.get(timeZone);
  if (last && last.second === second) return last.day;
  const day = Object.freeze(computeLocalDay(at, timeZone));
  lastDay.set(timeZone, { second, day });
  return day;
}

function computeLocalDay(at: number, timeZone: string): LocalDay {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(new Date(at))
      .map((p) => [p.type, p.value]),
  );
  const year = Number(parts.year);
  const month = Number(parts.month);
  const dayOfMonth = Number(parts.day);
  return {
    key: `${parts.year}-${parts.month}-${parts.day}`,
    year,
    month,
    dayOfMonth,
    dayOfWeek: WEEKDAYS.indexOf(parts.weekday ?? ""),
  };
}

export function isMemberDay(at: number, config: Pick<ShopConfig, "timezone" | "memberDays">): boolean {
  const day = localDay(at, config.timezone);
  return config.memberDays.daysOfMonth.includes(day.dayOfMonth) || config.memberDays.daysOfWeek.includes(day.dayOfWeek);
}
