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

/** The calendar day an instant falls on in a time zone. */
export function localDay(at: number, timeZone: string): LocalDay {
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
