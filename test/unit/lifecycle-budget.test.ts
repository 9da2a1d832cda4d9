import { describe, expect, it } from "vitest";
import { type ContactBudget, DEFAULT_AUTOMATIONS, type TouchKind } from "../../protocol/index.js";
import { DAY_MS } from "../../server/domain/coupons.js";
import {
  applyBudget,
  inQuietHours,
  nextOpening,
  priorityRank,
  quietHoursEnd,
  WEEK_MS,
} from "../../server/domain/lifecycle/budget.js";
import type { Due } from "../../server/domain/lifecycle/due.js";
import { dayKey } from "../../server/domain/lifecycle/zoned.js";

const SH = "Asia/Shanghai";
const NY = "America/New_York";
const at = (iso: string) => Date.parse(iso);
const sh = (local: string) => Date.parse(`${local}+08:00`);
const budget: ContactBudget = DEFAULT_AUTOMATIONS.budget;
const quiet = { start: "21:00", end: "09:00" };

const due = (kind: TouchKind, dueAt: number, over: Partial<Due> = {}): Due => ({
  kind,
  viewerId: "amy",
  key: `${kind}:1`,
  dueAt,
  expiresAt: null,
  templateId: null,
  params: {},
  ...over,
});

describe("quiet hours", () => {
  it.each([
    // instant, zone, quiet?
    ["2024-06-01T20:59:00+08:00", SH, false],
    ["2024-06-01T21:00:00+08:00", SH, true],
    ["2024-06-02T03:00:00+08:00", SH, true],
    ["2024-06-02T08:59:00+08:00", SH, true],
    ["2024-06-02T09:00:00+08:00", SH, false],
    ["2024-03-10T08:59:00-04:00", NY, true], // the morning clocks sprang forward
    ["2024-03-10T09:00:00-04:00", NY, false],
    ["2024-11-03T08:30:00-05:00", NY, true], // the morning clocks fell back
  ] as const)("%s in %s: %s", (instant, zone, expected) => {
    expect(inQuietHours(at(instant), quiet, zone)).toBe(expected);
  });

  it("quiet hours within one day (13:00–14:00) do not wrap", () => {
    const lunch = { start: "13:00", end: "14:00" };
    expect(inQuietHours(sh("2024-06-01T13:30:00"), lunch, SH)).toBe(true);
    expect(inQuietHours(sh("2024-06-01T23:30:00"), lunch, SH)).toBe(false);
  });

  it.each([
    // inside quiet hours at, zone, they end at
    ["2024-06-01T22:00:00+08:00", SH, "2024-06-02T09:00:00+08:00"],
    ["2024-06-02T03:00:00+08:00", SH, "2024-06-02T09:00:00+08:00"],
    ["2024-03-09T22:00:00-05:00", NY, "2024-03-10T09:00:00-04:00"], // a 23-hour night
    ["2024-11-02T22:00:00-04:00", NY, "2024-11-03T09:00:00-05:00"], // a 25-hour night
    ["2024-12-31T23:00:00+08:00", SH, "2025-01-01T09:00:00+08:00"],
    ["2024-02-28T23:00:00+08:00", SH, "2024-02-29T09:00:00+08:00"],
  ] as const)("from %s in %s, quiet hours end at %s", (instant, zone, end) => {
    expect(quietHoursEnd(at(instant), quiet, zone)).toBe(at(end));
  });

  it("an end the clocks skip moves forward by the jump", () => {
    const night = { start: "23:00", end: "02:30" };
    expect(quietHoursEnd(at("2024-03-10T01:00:00-05:00"), night, NY)).toBe(at("2024-03-10T03:30:00-04:00"));
  });
});

describe("priority", () => {
  it("listed kinds first in their order, the others after in the protocol's order", () => {
    const order: TouchKind[] = ["win_back", "replenish"];
    expect(priorityRank(order, "win_back")).toBeLessThan(priorityRank(order, "replenish"));
    expect(priorityRank(order, "replenish")).toBeLessThan(priorityRank(order, "first_order"));
    expect(priorityRank(order, "first_order")).toBeLessThan(priorityRank(order, "coupon_expiring"));
  });
});

describe("the contact budget at one moment", () => {
  const now = sh("2024-06-03T14:00:00");
  const five = [
    due("win_back", sh("2024-06-03T08:00:00")),
    due("replenish", sh("2024-06-03T09:00:00")),
    due("birthday", sh("2024-06-03T00:00:00")),
    due("coupon_expiring", sh("2024-06-03T10:00:00")),
    due("first_order", sh("2024-06-02T20:00:00")),
  ];

  it("five automations due on one day: the first by priority goes, the rest wait for the next opening", () => {
    const decision = applyBudget({ due: five, sentAt: [], optedOut: false, now, timeZone: SH, budget });
    expect(decision.send.map((d) => d.kind)).toEqual(["coupon_expiring"]);
    expect(decision.held.map((h) => [h.due.kind, h.reason, h.retryAt])).toEqual([
      ["replenish", "per_day", sh("2024-06-04T09:00:00")],
      ["birthday", "per_day", sh("2024-06-04T09:00:00")],
      ["first_order", "per_day", sh("2024-06-04T09:00:00")],
      ["win_back", "per_day", sh("2024-06-04T09:00:00")],
    ]);
    expect(decision.defer).toEqual([]);
  });

  it("at night everything waits for the morning, shop time", () => {
    const night = sh("2024-06-03T23:30:00");
    const decision = applyBudget({ due: five, sentAt: [], optedOut: false, now: night, timeZone: SH, budget });
    expect(decision.send).toEqual([]);
    expect(decision.defer.map((d) => [d.reason, d.until])).toEqual(
      Array(5).fill(["quiet_hours", sh("2024-06-04T09:00:00")]),
    );
  });

  it("the rolling week: two sent in the last 7 days hold the next until the older one is 7 days old", () => {
    const sentAt = [sh("2024-05-29T10:30:00"), sh("2024-06-01T09:15:00")];
    const decision = applyBudget({ due: [five[1] as Due], sentAt, optedOut: false, now, timeZone: SH, budget });
    expect(decision.held).toMatchObject([{ reason: "per_week", retryAt: sh("2024-06-05T10:30:00") }]);
  });

  it("a week opening that falls at night waits for the morning", () => {
    const sentAt = [sh("2024-05-29T21:30:00"), sh("2024-06-01T09:15:00")];
    expect(nextOpening(now, sentAt, budget, SH)).toBe(sh("2024-06-06T09:00:00"));
  });

  it("one already sent today holds the rest until tomorrow", () => {
    const sentAt = [sh("2024-06-03T09:05:00")];
    const decision = applyBudget({ due: [five[1] as Due], sentAt, optedOut: false, now, timeZone: SH, budget });
    expect(decision.held).toMatchObject([{ reason: "per_day", retryAt: sh("2024-06-04T09:00:00") }]);
  });

  it("an opted-out viewer gets nothing, from any automation, and nothing is retried", () => {
    const decision = applyBudget({ due: five, sentAt: [], optedOut: true, now, timeZone: SH, budget });
    expect(decision.send).toEqual([]);
    expect(decision.held.map((h) => [h.reason, h.retryAt])).toEqual(Array(5).fill(["opted_out", null]));
  });

  it("drops what expired, waits for what is not due, and does not retry what would expire first", () => {
    const expired = due("coupon_expiring", sh("2024-06-01T10:00:00"), {
      key: "a",
      expiresAt: sh("2024-06-03T10:00:00"),
    });
    const later = due("replenish", sh("2024-06-05T10:00:00"), { key: "b" });
    const today = due("win_back", sh("2024-06-03T10:00:00"), { key: "c" });
    const tonight = due("first_order", sh("2024-06-03T10:00:00"), { key: "d", expiresAt: sh("2024-06-03T23:00:00") });
    const decision = applyBudget({
      due: [expired, later, today, tonight],
      sentAt: [],
      optedOut: false,
      now,
      timeZone: SH,
      budget,
    });
    expect(decision.send.map((d) => d.key)).toEqual(["d"]);
    expect(decision.defer).toMatchObject([{ due: { key: "b" }, reason: "not_yet_due", until: later.dueAt }]);
    expect(decision.held.map((h) => [h.due.key, h.reason, h.retryAt])).toEqual([
      ["a", "expired", null],
      ["c", "per_day", sh("2024-06-04T09:00:00")],
    ]);
  });

  it("with quiet hours off and a larger budget, sends several at once", () => {
    const loose = { ...budget, quietHours: null, perDay: 3, perWeek: 5 };
    const night = sh("2024-06-03T23:30:00");
    const decision = applyBudget({ due: five, sentAt: [], optedOut: false, now: night, timeZone: SH, budget: loose });
    expect(decision.send.map((d) => d.kind)).toEqual(["coupon_expiring", "replenish", "birthday"]);
  });
});

describe("the contact budget over two weeks of hourly sweeps", () => {
  it.each([SH, NY])("five due at once in %s: at most one a day, two a week, none at night", (zone) => {
    // 2024-03-07 in New York crosses the spring DST change three days in
    const start = zone === SH ? sh("2024-03-07T06:00:00") : at("2024-03-07T06:00:00-05:00");
    const kinds: TouchKind[] = ["win_back", "replenish", "birthday", "coupon_expiring", "first_order"];
    let pending = kinds.map((kind) => due(kind, start));
    const sentAt: number[] = [];
    const sentKinds: TouchKind[] = [];
    let heldCount = 0;
    for (let now = start; now < start + 21 * DAY_MS; now += 3600_000) {
      const decision = applyBudget({ due: pending, sentAt, optedOut: false, now, timeZone: zone, budget });
      heldCount += decision.held.length;
      for (const d of decision.send) {
        sentAt.push(now);
        sentKinds.push(d.kind);
      }
      pending = pending.filter((p) => !decision.send.includes(p));
    }
    expect(sentKinds).toEqual(["coupon_expiring", "replenish", "birthday", "first_order", "win_back"]);
    expect(heldCount).toBeGreaterThan(0);
    for (const s of sentAt) {
      expect(inQuietHours(s, quiet, zone)).toBe(false);
      expect(sentAt.filter((t) => dayKey(t, zone) === dayKey(s, zone))).toHaveLength(1);
      expect(sentAt.filter((t) => t > s - WEEK_MS && t <= s).length).toBeLessThanOrEqual(2);
    }
    // the first two on consecutive mornings, the next two a week later, the last a week after that
    const hours = sentAt.map((s) =>
      new Intl.DateTimeFormat("en", { timeZone: zone, hour: "numeric", hourCycle: "h23" }).format(s),
    );
    // the week is 7 × 24 hours: across the spring change New York's clocks show it ending at 10:00
    expect(hours).toEqual(zone === SH ? ["09", "09", "09", "09", "09"] : ["09", "09", "10", "10", "10"]);
    expect(sentAt.map((s) => dayKey(s, zone))).toEqual([
      "2024-03-07",
      "2024-03-08",
      "2024-03-14",
      "2024-03-15",
      "2024-03-21",
    ]);
  });
});
