import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../protocol/index.js";
import { compareCampaignDays } from "../../server/domain/campaign-days.js";
import {
  boostAt,
  type CampaignRule,
  campaignState,
  conflictingOverlap,
  currentOrNext,
  memberDayRule,
  runningAt,
  scheduleRefusal,
  stretches,
  zonedInstant,
} from "../../server/domain/campaigns.js";
import { pointsPerBlock } from "../../server/domain/watch.js";

const SH = "Asia/Shanghai";
const NY = "America/New_York";
const H = 3_600_000;
const name = { "zh-CN": "活动", en: "Campaign" };

function dated(id: string, start: string, end: string, order = 2, watch = 1): CampaignRule {
  return {
    id,
    kind: "campaign",
    name,
    schedule: { kind: "dates", start, end },
    orderMultiplier: order,
    watchMultiplier: watch,
  };
}

function weekly(id: string, daysOfWeek: number[], order = 1, watch = 3): CampaignRule {
  return {
    id,
    kind: "campaign",
    name,
    schedule: { kind: "recurring", daysOfWeek, daysOfMonth: [] },
    orderMultiplier: order,
    watchMultiplier: watch,
  };
}

describe("zonedInstant", () => {
  it.each([
    ["2026-12-04T10:00", SH, Date.UTC(2026, 11, 4, 2, 0)],
    ["2026-12-04T00:00", "UTC", Date.UTC(2026, 11, 4, 0, 0)],
    // New York in winter is UTC−5, in summer UTC−4
    ["2026-01-15T09:30", NY, Date.UTC(2026, 0, 15, 14, 30)],
    ["2026-07-15T09:30", NY, Date.UTC(2026, 6, 15, 13, 30)],
  ])("%s in %s", (local, zone, expected) => {
    expect(zonedInstant(local, zone)).toBe(expected);
  });
});

describe("which campaign applies at an instant, in the shop's zone", () => {
  const festival = dated("fest", "2026-12-04T10:00", "2026-12-06T22:00");
  // 2026-12-04 is a Friday
  const friday = weekly("fri", [5]);

  it.each([
    ["just before the festival opens (Shanghai 09:59)", Date.UTC(2026, 11, 4, 1, 59), []],
    ["as it opens (Shanghai 10:00)", Date.UTC(2026, 11, 4, 2, 0), ["fest"]],
    ["its last minute", Date.UTC(2026, 11, 6, 13, 59), ["fest"]],
    ["at its end, which is exclusive", Date.UTC(2026, 11, 6, 14, 0), []],
  ])("%s", (_label, at, ids) => {
    expect(runningAt([festival], at, SH).map((r) => r.id)).toEqual(ids);
  });

  it("a weekly day runs from local midnight to local midnight", () => {
    // Friday 00:00 in Shanghai is Thursday 16:00 UTC
    expect(runningAt([friday], Date.UTC(2026, 11, 3, 15, 59), SH)).toEqual([]);
    const [run] = runningAt([friday], Date.UTC(2026, 11, 3, 16, 0), SH);
    expect(run).toMatchObject({ id: "fri", startsAt: Date.UTC(2026, 11, 3, 16), endsAt: Date.UTC(2026, 11, 4, 16) });
    // the same instant is still Thursday in New York
    expect(runningAt([friday], Date.UTC(2026, 11, 3, 16, 0), NY)).toEqual([]);
  });

  it("consecutive recurring days join into one stretch", () => {
    const weekend = weekly("wk", [6, 0]);
    const [s] = stretches(weekend.schedule, Date.UTC(2026, 11, 5, 4), Date.UTC(2026, 11, 5, 5), SH);
    expect(s).toEqual({ startsAt: zonedInstant("2026-12-05T00:00", SH), endsAt: zonedInstant("2026-12-07T00:00", SH) });
  });

  it("the banner shows the running campaign, else the next within a day, else nothing", () => {
    const before = Date.UTC(2026, 11, 4, 2, 0) - 2 * H - 14 * 60_000 - 5_000;
    expect(currentOrNext([festival], before, SH)).toMatchObject({ id: "fest", startsAt: Date.UTC(2026, 11, 4, 2) });
    expect(currentOrNext([festival], Date.UTC(2026, 11, 1), SH)).toBeNull();
    expect(currentOrNext([festival], Date.UTC(2026, 11, 5), SH)).toMatchObject({ id: "fest" });
  });

  it("a member day is a recurring campaign with a watch multiplier only", () => {
    const rule = memberDayRule(DEFAULT_CONFIG);
    expect(rule).toMatchObject({ kind: "member_day", orderMultiplier: 1, watchMultiplier: 2 });
    // the 18th in Shanghai
    expect(runningAt(rule ? [rule] : [], Date.UTC(2026, 10, 18, 4), SH).map((r) => r.kind)).toEqual(["member_day"]);
    expect(memberDayRule({ memberDays: { daysOfMonth: [], daysOfWeek: [], multiplier: 2 } })).toBeNull();
  });
});

describe("how multipliers combine", () => {
  const memberDay = memberDayRule(DEFAULT_CONFIG) as CampaignRule;
  // the 18th of December 2026 is a Friday: a member day and the Friday campaign at once
  const friday18 = Date.UTC(2026, 11, 18, 4);

  it("a member day and a campaign do not stack: the higher watch multiplier applies", () => {
    expect(boostAt([memberDay, weekly("fri", [5], 1, 3)], friday18, SH)).toMatchObject({ watch: 3, order: 1 });
    expect(boostAt([memberDay, weekly("fri", [5], 1, 1.5)], friday18, SH)).toMatchObject({ watch: 2 });
  });

  it("the order multiplier names its campaign; none applies outside it", () => {
    const fest = dated("fest", "2026-12-18T00:00", "2026-12-19T00:00", 3, 1);
    expect(boostAt([memberDay, fest], friday18, SH)).toMatchObject({ order: 3, orderCampaign: { id: "fest" } });
    expect(boostAt([fest], Date.UTC(2026, 11, 20), SH)).toEqual({ order: 1, orderCampaign: null, watch: 1 });
  });

  it("watch points per block take the boost in place of the member day's", () => {
    expect(pointsPerBlock(friday18, DEFAULT_CONFIG, 1)).toBe(20);
    expect(pointsPerBlock(friday18, DEFAULT_CONFIG, 1.5, 3)).toBe(45);
  });
});

describe("refusals", () => {
  it.each([
    [{ kind: "dates", start: "2026-12-06T10:00", end: "2026-12-04T10:00" }, "schedule.end"],
    [{ kind: "dates", start: "2026-12-04T10:00", end: "2026-12-04T10:00" }, "schedule.end"],
    [{ kind: "dates", start: "2026-02-30T10:00", end: "2026-03-04T10:00" }, "schedule.start"],
    [{ kind: "dates", start: "2026-01-01T00:00", end: "2027-06-01T00:00" }, "schedule.end"],
    [{ kind: "recurring", daysOfWeek: [], daysOfMonth: [] }, "schedule.daysOfWeek"],
  ] as const)("%j is refused at %s", (schedule, path) => {
    expect(scheduleRefusal(schedule as never)?.path).toBe(path);
  });

  it("accepts a real stretch and a weekly day", () => {
    expect(scheduleRefusal({ kind: "dates", start: "2026-12-04T10:00", end: "2026-12-06T22:00" })).toBeNull();
    expect(scheduleRefusal({ kind: "recurring", daysOfWeek: [5], daysOfMonth: [] })).toBeNull();
  });
});

describe("overlap detection", () => {
  const fest = dated("fest", "2026-12-04T10:00", "2026-12-06T22:00", 2, 1);

  it.each([
    ["overlapping dates, different multipliers", dated("x", "2026-12-06T00:00", "2026-12-08T00:00", 3, 1), "fest"],
    ["overlapping dates, same multipliers", dated("x", "2026-12-06T00:00", "2026-12-08T00:00", 2, 1), null],
    ["touching at the end only", dated("x", "2026-12-06T22:00", "2026-12-08T00:00", 3, 1), null],
    ["a weekly Saturday inside the festival", weekly("x", [6]), "fest"],
    ["a weekly Monday, outside it", weekly("x", [1]), null],
  ])("%s", (_label, candidate, clash) => {
    expect(conflictingOverlap(candidate, [fest], SH)?.id ?? null).toBe(clash);
  });

  it("recurring against recurring: a shared weekday, or a weekday against a day of the month", () => {
    const fri = weekly("fri", [5], 1, 2);
    expect(conflictingOverlap(weekly("x", [5, 6], 1, 3), [fri], SH)?.id).toBe("fri");
    expect(conflictingOverlap(weekly("x", [1], 1, 3), [fri], SH)).toBeNull();
    const the18th: CampaignRule = {
      ...fri,
      id: "18",
      schedule: { kind: "recurring", daysOfWeek: [], daysOfMonth: [18] },
    };
    expect(conflictingOverlap(weekly("x", [1], 1, 3), [the18th], SH)?.id).toBe("18");
  });

  it("a campaign does not clash with itself when changed", () => {
    expect(conflictingOverlap({ ...fest, orderMultiplier: 5 }, [fest], SH)).toBeNull();
  });
});

describe("campaign days against ordinary days", () => {
  // Monday 2 November 2026, noon in Shanghai; the seven whole days before it run Monday to Sunday
  const now = Date.UTC(2026, 10, 2, 4);
  const friday = weekly("fri", [5]);
  const noon = (day: number) => Date.UTC(2026, 9, day, 4);

  it("averages orders, revenue and watch minutes per day of each kind, today left out", () => {
    const result = compareCampaignDays(
      {
        orders: [
          { at: noon(30), paid: 9_000 },
          { at: noon(30), paid: 1_000 },
          { at: noon(28), paid: 6_000 },
          { at: now, paid: 50_000 },
        ],
        watch: [
          { at: noon(30), ms: 90 * 60_000 },
          { at: noon(27), ms: 30 * 60_000 },
        ],
      },
      [friday],
      now,
      SH,
      7,
    );
    expect(result).toEqual({
      sinceDays: 7,
      campaign: { days: 1, orders: 2, revenue: 10_000, watchMinutes: 90 },
      ordinary: { days: 6, orders: 1 / 6, revenue: 1_000, watchMinutes: 5 },
    });
  });

  it("a day with no campaign at all is ordinary; no days of a kind read as zeros", () => {
    const result = compareCampaignDays({ orders: [], watch: [] }, [], now, SH, 7);
    expect(result.campaign).toEqual({ days: 0, orders: 0, revenue: 0, watchMinutes: 0 });
    expect(result.ordinary.days).toBe(7);
  });
});

describe("the campaign state a room's joins share, and until when it holds", () => {
  const festival = dated("fest", "2026-12-04T10:00", "2026-12-06T22:00", 2, 2);
  const weekend = weekly("weekend", [6, 0], 1, 3);
  const member = memberDayRule({ memberDays: { daysOfMonth: [5], daysOfWeek: [], multiplier: 2 } });
  const rules = [festival, weekend, ...(member ? [member] : [])];
  const start = Date.UTC(2026, 11, 2, 7, 13);
  const end = Date.UTC(2026, 11, 9, 0, 0);

  it.each([SH, NY, "UTC"])(
    "in %s it equals the banner and boost computed afresh at every instant before `until`",
    (zone) => {
      let at = start;
      let changes = 0;
      while (at < end) {
        const state = campaignState(rules, at, zone);
        expect(state.until).toBeGreaterThan(at);
        // instants inside the window, its last millisecond included
        for (const probe of [at, at + 1, (at + state.until) / 2, state.until - 1].map(Math.floor)) {
          expect(currentOrNext(rules, probe, zone)).toEqual(state.banner);
          expect(boostAt(rules, probe, zone)).toEqual(state.boost);
        }
        at = state.until;
        changes++;
      }
      // the week holds a festival, a weekend and a member day: a few dozen changes, not one a minute
      expect(changes).toBeGreaterThan(5);
      expect(changes).toBeLessThan(40);
    },
  );
});
