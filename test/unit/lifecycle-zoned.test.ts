import { describe, expect, it } from "vitest";
import {
  addLocalDays,
  addLocalMonths,
  instantOf,
  startOfLocalDay,
  wallClock,
} from "../../server/domain/lifecycle/zoned.js";

const SH = "Asia/Shanghai";
const NY = "America/New_York";
const at = (iso: string) => Date.parse(iso);

describe("calendar months in the shop's zone", () => {
  it.each([
    // from, months, to (Shanghai, UTC+8)
    ["2024-01-31T10:00:00+08:00", 1, "2024-02-29T10:00:00+08:00"], // leap February
    ["2023-01-31T10:00:00+08:00", 1, "2023-02-28T10:00:00+08:00"],
    ["2024-03-31T10:00:00+08:00", 1, "2024-04-30T10:00:00+08:00"],
    ["2024-02-29T10:00:00+08:00", 12, "2025-02-28T10:00:00+08:00"], // a leap day a year on
    ["2023-12-31T23:30:00+08:00", 2, "2024-02-29T23:30:00+08:00"], // across the year, late evening
    ["2024-03-31T10:00:00+08:00", -1, "2024-02-29T10:00:00+08:00"],
    ["2024-01-01T00:30:00+08:00", 12, "2025-01-01T00:30:00+08:00"], // 16:30 UTC the day before
  ])("%s + %s months = %s", (from, months, to) => {
    expect(addLocalMonths(at(from), months, SH)).toBe(at(to));
  });

  it("keeps the wall time across DST: New York, November to April", () => {
    expect(addLocalMonths(at("2024-11-15T10:00:00-05:00"), 5, NY)).toBe(at("2025-04-15T10:00:00-04:00"));
  });
});

describe("local days in the shop's zone", () => {
  it.each([
    // a day that is 23 hours long in New York, and one of 25
    ["2024-03-09T12:00:00-05:00", 1, "2024-03-10T12:00:00-04:00"],
    ["2024-11-02T12:00:00-04:00", 1, "2024-11-03T12:00:00-05:00"],
    ["2024-03-01T20:00:00-05:00", 25, "2024-03-26T20:00:00-04:00"],
    ["2024-03-26T20:00:00-04:00", -25, "2024-03-01T20:00:00-05:00"],
  ])("%s + %s days = %s", (from, days, to) => {
    expect(addLocalDays(at(from), days, NY)).toBe(at(to));
  });

  it("counts February's leap day", () => {
    expect(addLocalDays(at("2024-02-10T09:00:00+08:00"), 25, SH)).toBe(at("2024-03-06T09:00:00+08:00"));
    expect(addLocalDays(at("2023-02-10T09:00:00+08:00"), 25, SH)).toBe(at("2023-03-07T09:00:00+08:00"));
  });

  it("starts a local day at its midnight, not UTC's", () => {
    expect(startOfLocalDay(at("2024-06-01T07:00:00Z"), SH)).toBe(at("2024-06-01T00:00:00+08:00"));
    expect(startOfLocalDay(at("2024-06-01T03:00:00Z"), NY)).toBe(at("2024-05-31T00:00:00-04:00"));
  });
});

describe("wall times that DST skips or repeats", () => {
  const wall = (year: number, month: number, day: number, hour: number, minute: number) => ({
    year,
    month,
    day,
    hour,
    minute,
    second: 0,
    millisecond: 0,
  });

  it("a skipped time moves forward by the jump", () => {
    expect(instantOf(wall(2024, 3, 10, 2, 30), NY)).toBe(at("2024-03-10T03:30:00-04:00"));
  });

  it("a repeated time is its first showing", () => {
    expect(instantOf(wall(2024, 11, 3, 1, 30), NY)).toBe(at("2024-11-03T01:30:00-04:00"));
  });

  it("an ordinary time round-trips", () => {
    const t = at("2024-07-04T18:45:00-04:00");
    expect(instantOf(wallClock(t, NY), NY)).toBe(t);
    expect(wallClock(t, NY)).toMatchObject({ year: 2024, month: 7, day: 4, hour: 18, minute: 45 });
  });
});

describe("the wall clock read through the zone's cached offsets", () => {
  const formatted = (instant: number, timeZone: string) => {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat("en-US", {
        timeZone,
        hourCycle: "h23",
        year: "numeric",
        month: "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "numeric",
        second: "numeric",
      })
        .formatToParts(new Date(instant))
        .filter((p) => p.type !== "literal")
        .map((p) => [p.type, Number(p.value)]),
    );
    return { ...parts, millisecond: ((instant % 1000) + 1000) % 1000 };
  };

  it.each([
    [NY, "2024-03-10T06:50:00Z"], // the spring jump at 07:00 UTC
    [NY, "2024-11-03T05:50:00Z"], // the autumn repeat at 06:00 UTC
    ["Australia/Lord_Howe", "2024-04-06T14:50:00Z"], // a half-hour shift
    ["Asia/Kathmandu", "2024-06-01T00:00:00Z"], // +05:45 all year
    [SH, "1940-06-02T15:50:00Z"], // a zone's long-gone DST
  ])("in %s around %s, second by second, shows what the zone's data says", (zone, iso) => {
    const from = at(iso);
    for (let t = from; t < from + 20 * 60_000; t += 997) {
      expect({ t, ...wallClock(t, zone) }).toEqual({ t, ...formatted(t, zone) });
    }
  });

  it("stays right across centuries and zones, past what it keeps and outside the years it covers", () => {
    const halfYear = 4096 * 3600_000;
    for (const zone of [NY, SH, "Europe/London"]) {
      for (let t = Date.UTC(1850, 0, 1); t < Date.UTC(2250, 0, 1); t += halfYear + 7_919_000) {
        expect({ t, ...wallClock(t, zone) }).toEqual({ t, ...formatted(t, zone) });
      }
    }
  });
});
