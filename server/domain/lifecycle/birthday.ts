import type { AutomationsConfig } from "../../../protocol/index.js";
import type { Due } from "./due.js";
import { instantOf, wallClock } from "./zoned.js";

/** The birthday week runs from three days before the birthday to three days after (segments.ts). */
const WEEK_BEFORE_DAYS = 3;

function localMidnight(year: number, month: number, day: number, timeZone: string): number {
  const date = new Date(Date.UTC(year, month - 1, day));
  return instantOf(
    {
      year: date.getUTCFullYear(),
      month: date.getUTCMonth() + 1,
      day: date.getUTCDate(),
      hour: 0,
      minute: 0,
      second: 0,
      millisecond: 0,
    },
    timeZone,
  );
}

/** A birthday's week in a year: [start, end) in the shop's zone; 29 February is kept on the 28th in other years. */
export function birthdayWeek(birthday: string, year: number, timeZone: string): { start: number; end: number } | null {
  const match = /^(\d{2})-(\d{2})$/.exec(birthday);
  if (!match) return null;
  const month = Number(match[1]);
  let day = Number(match[2]);
  const leap = new Date(Date.UTC(year, 1, 29)).getUTCMonth() === 1;
  if (month === 2 && day === 29 && !leap) day = 28;
  return {
    start: localMidnight(year, month, day - WEEK_BEFORE_DAYS, timeZone),
    end: localMidnight(year, month, day + WEEK_BEFORE_DAYS + 1, timeZone),
  };
}

/**
 * The birthday touch at the start of the current or next birthday week, shop time, whether or not
 * the viewer comes to the room; once a year, by the year in its key (the same year the join-time
 * birthday coupon uses, `birthdayWeekYear`), and only within that week.
 */
export function birthdayDue(
  viewerId: string,
  birthday: string | null,
  config: AutomationsConfig["birthday"],
  now: number,
  timeZone: string,
): Due[] {
  if (!config.enabled || birthday === null) return [];
  const thisYear = wallClock(now, timeZone).year;
  for (const year of [thisYear - 1, thisYear, thisYear + 1]) {
    const week = birthdayWeek(birthday, year, timeZone);
    if (!week) return [];
    if (week.end <= now) continue;
    return [
      {
        kind: "birthday",
        viewerId,
        key: `birthday:${year}`,
        dueAt: week.start,
        expiresAt: week.end,
        templateId: config.templateId,
        params: {},
      },
    ];
  }
  return [];
}
