import { describe, expect, it } from "vitest";
import { type AutomationsConfig, DEFAULT_AUTOMATIONS } from "../../protocol/index.js";
import { type CandidateWindows, candidateWindows, liveBirthdays } from "../../server/domain/lifecycle/candidates.js";
import { addLocalDays, addLocalMonths } from "../../server/domain/lifecycle/zoned.js";

const SH = "Asia/Shanghai";
const DAY = 24 * 3600_000;
const at = (iso: string) => Date.parse(iso);
const within = (spans: CandidateWindows["ledger"], t: number) => spans.some((s) => s.from <= t && t <= s.to);

function windows(
  automations: Partial<AutomationsConfig>,
  lastSweep: number,
  now: number,
  tierWindowSince: number | null = null,
) {
  return candidateWindows({
    config: { timezone: SH, automations: { ...(DEFAULT_AUTOMATIONS as AutomationsConfig), ...automations } },
    usage: [
      { sku: "serum-30", usageDays: 30 },
      { sku: "mask-5", usageDays: 10 },
    ],
    lastSweep,
    since: lastSweep,
    now,
    tierWindowSince,
  });
}

describe("the dates a day's sweep looks for", () => {
  const now = at("2026-03-28T10:00:00+08:00");
  const yesterday = now - DAY;

  it("finds the order lines whose replenishment day came, by the skus that last that long", () => {
    const w = windows({}, yesterday, now);
    const serum = w.lines.find((l) => l.skus.includes("serum-30"));
    // due 25 local days after payment (30 − 5): paid on 3 March, the reminder is today's
    expect(serum && within([serum.span], at("2026-03-03T09:00:00+08:00"))).toBe(true);
    expect(serum && within([serum.span], at("2026-03-01T09:00:00+08:00"))).toBe(false);
    expect(serum?.skus).not.toContain("mask-5");
  });

  it("finds the last activity a points warning counts back from, across a month's end", () => {
    const w = windows(
      { pointsExpiry: { ...DEFAULT_AUTOMATIONS.pointsExpiry, enabled: true, warningDays: [3] } },
      yesterday,
      now,
    );
    // points last earned on 31 March 2025 expire on 31 March 2026: the 3-day warning is on the 28th
    const last = at("2025-03-31T10:00:00+08:00");
    const deadline = addLocalMonths(last, 12, SH);
    expect(addLocalDays(deadline, -3, SH)).toBe(now);
    expect(within(w.ledger, last)).toBe(true);
    // and the expiry itself, due today: the activity was on 28 March 2025
    expect(within(w.ledger, at("2025-03-28T10:00:00+08:00"))).toBe(true);
    expect(within(w.ledger, at("2025-02-10T10:00:00+08:00"))).toBe(false);
  });

  it("steps a month's end forward: 29 to 31 January all reach their deadline on 28 February", () => {
    const feb28 = at("2026-02-28T10:00:00+08:00");
    const w = windows(
      { pointsExpiry: { ...DEFAULT_AUTOMATIONS.pointsExpiry, enabled: true, months: 1, warningDays: [] } },
      feb28 - DAY,
      feb28,
    );
    for (const day of ["29", "30", "31"]) expect(within(w.ledger, at(`2026-01-${day}T10:00:00+08:00`)), day).toBe(true);
    expect(within(w.ledger, at("2026-01-26T10:00:00+08:00"))).toBe(false);
  });

  it("reads every tiered viewer only when the grace counted from the window's start ends in this sweep", () => {
    const tierWindow = { ...DEFAULT_AUTOMATIONS.tierWindow, enabled: true, graceDays: 30, noticeDays: 7 };
    const since = addLocalDays(now, -23, SH); // notices go 23 days after the start
    expect(windows({ tierWindow }, yesterday, now, since).allTiered).toBe(true);
    expect(windows({ tierWindow }, yesterday, now, since - 2 * DAY).allTiered).toBe(false);
    // switched on at the last sweep with a notice as long as the grace: that sweep already read them
    const same = { ...tierWindow, noticeDays: 30 };
    expect(windows({ tierWindow: same }, yesterday, now, yesterday).allTiered).toBe(false);
  });

  it("keeps 29 February birthdays on the 28th in other years", () => {
    const days = liveBirthdays(at("2027-03-01T10:00:00+08:00"), SH).flatMap((b) => b.days);
    expect(days).toEqual(expect.arrayContaining(["02-26", "02-28", "02-29", "03-04"]));
    expect(days).not.toContain("02-25");
    const leap = liveBirthdays(at("2028-03-01T10:00:00+08:00"), SH).flatMap((b) => b.days);
    expect(leap.filter((d) => d === "02-29")).toHaveLength(1);
  });

  it("names the year a birthday's touch is keyed with across the new year", () => {
    const byYear = liveBirthdays(at("2027-01-01T10:00:00+08:00"), SH);
    expect(byYear.find((b) => b.year === 2026)?.days).toEqual(["12-29", "12-30", "12-31"]);
    expect(byYear.find((b) => b.year === 2027)?.days).toEqual(["01-01", "01-02", "01-03", "01-04"]);
  });

  it("looks for nothing an automation switched off would decide", () => {
    const off = windows(
      {
        replenish: { ...DEFAULT_AUTOMATIONS.replenish, enabled: false },
        couponExpiring: { ...DEFAULT_AUTOMATIONS.couponExpiring, enabled: false },
        birthday: { ...DEFAULT_AUTOMATIONS.birthday, enabled: false },
      },
      yesterday,
      now,
    );
    expect(off.lines).toEqual([]);
    expect(off.couponsExpiring).toEqual([]);
    expect(off.birthdays).toEqual([]);
  });
});
