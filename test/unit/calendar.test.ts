import { describe, expect, it } from "vitest";
import { localDay } from "../../server/domain/calendar.js";

/** The day as Intl gives it, computed afresh. */
function expected(at: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" })
    .formatToParts(new Date(at))
    .map((p) => p.value)
    .join("");
  return parts;
}

describe("localDay, kept per zone for the second it was asked", () => {
  it.each([
    ["Asia/Shanghai", Date.UTC(2026, 10, 2, 16, 0)],
    ["Asia/Kathmandu", Date.UTC(2026, 10, 2, 18, 15)],
    // the night New York leaves summer time: local midnight is 04:00 UTC
    ["America/New_York", Date.UTC(2026, 10, 1, 4, 0)],
  ])("in %s it turns at local midnight, asked again and again around it", (zone, midnight) => {
    for (const at of [midnight - 1000, midnight - 1, midnight - 1, midnight, midnight, midnight + 999, midnight - 1]) {
      expect(localDay(at, zone).key, new Date(at).toISOString()).toBe(expected(at, zone));
    }
    expect(localDay(midnight - 1, zone).dayOfMonth).not.toBe(localDay(midnight, zone).dayOfMonth);
  });

  it.each(["Asia/Shanghai", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu", "Pacific/Apia"])(
    "in %s shows the day and weekday Intl shows, at instants over two years",
    (zone) => {
      const weekday = new Intl.DateTimeFormat("en-US", { timeZone: zone, weekday: "short" });
      const weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
      // 7 h 13 min apart: every hour of the day comes round, on every day of the week
      for (let at = Date.UTC(2011, 0, 1); at < Date.UTC(2013, 0, 1); at += 26_000_000) {
        const day = localDay(at, zone);
        expect(day.key, new Date(at).toISOString()).toBe(expected(at, zone));
        expect(day.dayOfWeek, new Date(at).toISOString()).toBe(weekdays.indexOf(weekday.format(at)));
      }
    },
  );

  it("hands out a day no caller can change", () => {
    const day = localDay(Date.UTC(2026, 10, 2, 4, 0), "UTC");
    expect(Object.isFrozen(day)).toBe(true);
  });
});
