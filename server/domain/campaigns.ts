import type {
  CampaignCoupon,
  CampaignDefinition,
  CampaignRun,
  CampaignSchedule,
  LocalizedText,
  ShopConfig,
} from "../../protocol/index.js";
import { localDay } from "./calendar.js";
import { instantOf } from "./lifecycle/zoned.js";

/**
 * Campaigns: stretches of time in the shop's zone that multiply order and watch points. Member
 * days are one kind of campaign here (recurring whole days, a watch multiplier only), so the rule
 * that decides what applies at an instant sees both.
 *
 * How they combine: campaigns that run at the same time must agree on their multipliers (the
 * store refuses one that does not), so at most one order and one watch multiplier apply. A member
 * day and a campaign on the same day do not stack: the higher watch multiplier applies. Tier
 * multipliers multiply on top, as they always did; the daily watch cap stays as it is.
 */
export interface CampaignRule {
  id: string;
  kind: CampaignRun["kind"];
  name: LocalizedText;
  schedule: CampaignSchedule;
  orderMultiplier: number;
  watchMultiplier: number;
  /** templates reserved for some tiers while the campaign runs */
  coupons?: readonly CampaignCoupon[];
}

export const MEMBER_DAY_ID = "member-day";

const DAY_MS = 86_400_000;

/** The shop's member days as a recurring campaign, or null when none are set. */
export function memberDayRule(
  config: Pick<ShopConfig, "memberDays">,
  name: LocalizedText = { "zh-CN": "会员日", en: "Member day" },
): CampaignRule | null {
  const { daysOfMonth, daysOfWeek, multiplier } = config.memberDays;
  if (daysOfMonth.length === 0 && daysOfWeek.length === 0) return null;
  return {
    id: MEMBER_DAY_ID,
    kind: "member_day",
    name,
    schedule: { kind: "recurring", daysOfMonth: [...daysOfMonth], daysOfWeek: [...daysOfWeek] },
    orderMultiplier: 1,
    watchMultiplier: multiplier,
  };
}

export function campaignRule(id: string, definition: CampaignDefinition): CampaignRule {
  return { id, kind: "campaign", ...definition };
}

/** Parts of "YYYY-MM-DDTHH:mm", or null when it names no real moment (a 30 February). */
export function parseLocal(local: string): { y: number; mo: number; d: number; h: number; mi: number } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  const probe = new Date(Date.UTC(y, mo - 1, d, h, mi));
  const real =
    probe.getUTCFullYear() === y && probe.getUTCMonth() === mo - 1 && probe.getUTCDate() === d && h < 24 && mi < 60;
  return real ? { y, mo, d, h, mi } : null;
}

/**
 * The instant a local wall-clock time names in a zone, by the automations' wall-clock rule
 * (lifecycle/zoned.ts): a time a DST jump skips moves forward by the jump.
 */
export function zonedInstant(local: string, timeZone: string): number {
  const p = parseLocal(local);
  if (!p) throw new RangeError(`not a local date-time: ${local}`);
  return instantOf({ year: p.y, month: p.mo, day: p.d, hour: p.h, minute: p.mi, second: 0, millisecond: 0 }, timeZone);
}

function dayKeyPlus(key: string, days: number): string {
  const [y, m, d] = key.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

function recursOn(schedule: Extract<CampaignSchedule, { kind: "recurring" }>, at: number, timeZone: string): boolean {
  const day = localDay(at, timeZone);
  return schedule.daysOfMonth.includes(day.dayOfMonth) || schedule.daysOfWeek.includes(day.dayOfWeek);
}

export interface Stretch {
  startsAt: number;
  endsAt: number;
}

/**
 * The stretches of a schedule that end after `from` and start before `until`, in order. A
 * recurring schedule's consecutive days join into one stretch (Saturday and Sunday: one weekend).
 */
export function stretches(schedule: CampaignSchedule, from: number, until: number, timeZone: string): Stretch[] {
  if (schedule.kind === "dates") {
    const startsAt = zonedInstant(schedule.start, timeZone);
    const endsAt = zonedInstant(schedule.end, timeZone);
    return endsAt > from && startsAt < until ? [{ startsAt, endsAt }] : [];
  }
  const found: Stretch[] = [];
  // from the local day before `from` (a stretch running into it) to the one after `until`
  let key = dayKeyPlus(localDay(from, timeZone).key, -1);
  const last = dayKeyPlus(localDay(until, timeZone).key, 1);
  for (let guard = 0; key <= last && guard < 400; guard++) {
    const startsAt = zonedInstant(`${key}T00:00`, timeZone);
    const next = dayKeyPlus(key, 1);
    if (recursOn(schedule, startsAt, timeZone)) {
      const endsAt = zonedInstant(`${next}T00:00`, timeZone);
      const previous = found.at(-1);
      if (previous && previous.endsAt === startsAt) previous.endsAt = endsAt;
      else found.push({ startsAt, endsAt });
    }
    key = next;
  }
  // a joined stretch may run on past the window's last day: follow it to its real end
  const tail = found.at(-1);
  if (tail) {
    for (let guard = 0; guard < 62 && recursOn(schedule, tail.endsAt, timeZone); guard++) {
      tail.endsAt = zonedInstant(`${dayKeyPlus(localDay(tail.endsAt, timeZone).key, 1)}T00:00`, timeZone);
    }
  }
  return found.filter((s) => s.endsAt > from && s.startsAt < until);
}

function runOf(rule: CampaignRule, stretch: Stretch): CampaignRun {
  return {
    id: rule.id,
    kind: rule.kind,
    name: rule.name,
    startsAt: stretch.startsAt,
    endsAt: stretch.endsAt,
    orderMultiplier: rule.orderMultiplier,
    watchMultiplier: rule.watchMultiplier,
  };
}

/** Every campaign running at an instant, member days included. */
export function runningAt(rules: readonly CampaignRule[], at: number, timeZone: string): CampaignRun[] {
  const running: CampaignRun[] = [];
  for (const rule of rules) {
    const stretch = stretches(rule.schedule, at, at + 1, timeZone).find((s) => s.startsAt <= at && at < s.endsAt);
    if (stretch) running.push(runOf(rule, stretch));
  }
  return running;
}

/** How far ahead the widget is told of a campaign to come: long enough for "starts in 2:14:05". */
export const ANNOUNCE_AHEAD_MS = DAY_MS;

/**
 * What the widget's banner shows: the running campaign (a shop's own before a member day, the
 * longest-running first), else the next to start within `ahead`, else null.
 */
export function currentOrNext(
  rules: readonly CampaignRule[],
  at: number,
  timeZone: string,
  ahead = ANNOUNCE_AHEAD_MS,
): CampaignRun | null {
  const running = runningAt(rules, at, timeZone);
  if (running.length > 0) {
    return [...running].sort((a, b) => rank(a) - rank(b) || a.startsAt - b.startsAt)[0] ?? null;
  }
  let next: CampaignRun | null = null;
  for (const rule of rules) {
    const stretch = stretches(rule.schedule, at, at + ahead, timeZone).find((s) => s.startsAt > at);
    if (stretch && (!next || stretch.startsAt < next.startsAt)) next = runOf(rule, stretch);
  }
  return next;
}

const rank = (run: CampaignRun) => (run.kind === "campaign" ? 0 : 1);

export interface Boost {
  /** the order multiplier that applies, 1 when none */
  order: number;
  /** the campaign that gives it, when above 1 */
  orderCampaign: CampaignRun | null;
  /** the watch multiplier that applies (a member day's or a campaign's, the higher), 1 when none */
  watch: number;
}

/** The multipliers that apply at an instant: the highest of what runs, never a product of them. */
export function boostAt(rules: readonly CampaignRule[], at: number, timeZone: string): Boost {
  let boost: Boost = { order: 1, orderCampaign: null, watch: 1 };
  for (const run of runningAt(rules, at, timeZone)) {
    if (run.orderMultiplier > boost.order) boost = { ...boost, order: run.orderMultiplier, orderCampaign: run };
    if (run.watchMultiplier > boost.watch) boost = { ...boost, watch: run.watchMultiplier };
  }
  return boost;
}

/** What the widget shows of campaigns at an instant, and until when it stays so. */
export interface CampaignState {
  banner: CampaignRun | null;
  boost: Boost;
  /** the first instant after `at` at which the banner or the boost may differ */
  until: number;
}

/**
 * The banner and the boost at `at`, with the instant they may next change: a stretch starting or
 * ending, one coming within `ahead` of starting (the banner announces it), or local midnight (a
 * recurring stretch is followed from the day before the instant, so a running one's start is
 * re-dated each day). A room arriving at once computes this once, not once per viewer.
 */
export function campaignState(
  rules: readonly CampaignRule[],
  at: number,
  timeZone: string,
  ahead = ANNOUNCE_AHEAD_MS,
): CampaignState {
  let until = zonedInstant(`${dayKeyPlus(localDay(at, timeZone).key, 1)}T00:00`, timeZone);
  for (const rule of rules) {
    for (const s of stretches(rule.schedule, at, at + 2 * ahead, timeZone)) {
      // announced from the first instant its start is less than `ahead` away
      for (const edge of [s.startsAt - ahead + 1, s.startsAt, s.endsAt]) if (edge > at && edge < until) until = edge;
    }
  }
  return { banner: currentOrNext(rules, at, timeZone, ahead), boost: boostAt(rules, at, timeZone), until };
}

/**
 * Templates reserved for some tiers at an instant: while a campaign that lists a template runs,
 * only those tiers may be granted it (or exchange for it). Two running campaigns reserving one
 * template open it to the tiers of both.
 */
export function reservedTemplates(
  rules: readonly CampaignRule[],
  at: number,
  timeZone: string,
): Map<string, Set<string>> {
  const reserved = new Map<string, Set<string>>();
  const running = new Set(runningAt(rules, at, timeZone).map((run) => run.id));
  for (const rule of rules) {
    if (!running.has(rule.id)) continue;
    for (const coupon of rule.coupons ?? []) {
      const tiers = reserved.get(coupon.templateId) ?? new Set<string>();
      for (const tier of coupon.tiers) tiers.add(tier);
      reserved.set(coupon.templateId, tiers);
    }
  }
  return reserved;
}

/** Why a schedule cannot be stored, as a field and a reason, or null when it can. */
export function scheduleRefusal(schedule: CampaignSchedule): { path: string; message: string } | null {
  if (schedule.kind === "recurring") {
    return schedule.daysOfMonth.length + schedule.daysOfWeek.length === 0
      ? { path: "schedule.daysOfWeek", message: "choose at least one day" }
      : null;
  }
  if (!parseLocal(schedule.start)) return { path: "schedule.start", message: "not a date and time that exists" };
  if (!parseLocal(schedule.end)) return { path: "schedule.end", message: "not a date and time that exists" };
  if (schedule.end <= schedule.start) return { path: "schedule.end", message: "the end must come after the start" };
  // a longer festival is two campaigns; the bound keeps overlap checks and reports finite
  if (zonedInstant(schedule.end, "UTC") - zonedInstant(schedule.start, "UTC") > 366 * DAY_MS) {
    return { path: "schedule.end", message: "a campaign lasts at most a year" };
  }
  return null;
}

/** Whether two schedules share any moment in the zone. */
export function schedulesMeet(a: CampaignSchedule, b: CampaignSchedule, timeZone: string): boolean {
  if (a.kind === "recurring" && b.kind === "recurring") {
    if (a.daysOfWeek.some((d) => b.daysOfWeek.includes(d))) return true;
    if (a.daysOfMonth.some((d) => b.daysOfMonth.includes(d))) return true;
    // any day of the month falls on every weekday sooner or later
    return (
      (a.daysOfWeek.length > 0 && b.daysOfMonth.length > 0) || (a.daysOfMonth.length > 0 && b.daysOfWeek.length > 0)
    );
  }
  const dated = a.kind === "dates" ? a : (b as Extract<CampaignSchedule, { kind: "dates" }>);
  const other = a.kind === "dates" ? b : a;
  const startsAt = zonedInstant(dated.start, timeZone);
  const endsAt = zonedInstant(dated.end, timeZone);
  return stretches(other, startsAt, endsAt, timeZone).length > 0;
}

/**
 * The first other campaign that runs at some moment together with `candidate` and would apply
 * different multipliers, or null. Agreeing campaigns may overlap: what applies is the same.
 */
export function conflictingOverlap(
  candidate: CampaignRule,
  others: readonly CampaignRule[],
  timeZone: string,
): CampaignRule | null {
  for (const other of others) {
    if (other.id === candidate.id) continue;
    const agree =
      other.orderMultiplier === candidate.orderMultiplier && other.watchMultiplier === candidate.watchMultiplier;
    if (!agree && schedulesMeet(candidate.schedule, other.schedule, timeZone)) return other;
  }
  return null;
}
