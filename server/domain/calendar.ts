import type { ShopConfig } from "../../protocol/index.js";
import { localMs } from "./zone-offset.js";

export interface LocalDay {
  /** YYYY-MM-DD in the shop's zone: the key that resets daily caps */
  key: string;
  year: number;
  month: number;
  dayOfMonth: number;
  /** 0 = Sunday */
  dayOfWeek: number;
}

/**
 * The last day computed per zone, by the second it was asked for: no zone's offset has a
 * fraction of a second, so a day never changes within one. A room arriving at once asks for the
 * same day thousands of times a second, and this hands each the same object. Frozen, as every
 * caller shares it.
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
  const local = new Date(localMs(at, timeZone));
  const year = local.getUTCFullYear();
  const month = local.getUTCMonth() + 1;
  const dayOfMonth = local.getUTCDate();
  return {
    key: `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(dayOfMonth).padStart(2, "0")}`,
    year,
    month,
    dayOfMonth,
    dayOfWeek: local.getUTCDay(),
  };
}

export function isMemberDay(at: number, config: Pick<ShopConfig, "timezone" | "memberDays">): boolean {
  const day = localDay(at, config.timezone);
  return config.memberDays.daysOfMonth.includes(day.dayOfMonth) || config.memberDays.daysOfWeek.includes(day.dayOfWeek);
}
