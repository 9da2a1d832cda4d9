import type { AutomationsConfig, TierConfig } from "../../../protocol/index.js";
import { tierIndexFor } from "../tiers.js";
import type { Due } from "./due.js";
import { addLocalDays, addLocalMonths } from "./zoned.js";

/** Growth earned (or, negative, reversed by a refund) at an instant. */
export interface GrowthEvent {
  at: number;
  amount: number;
}

/** Growth that counts at `at`: earned in the last `months` calendar months, up to and including `at`. */
export function rollingGrowth(events: readonly GrowthEvent[], at: number, months: number, timeZone: string): number {
  let sum = 0;
  for (const e of events) {
    if (e.at <= at && at < addLocalMonths(e.at, months, timeZone)) sum += e.amount;
  }
  return sum;
}

/** The tier the window's growth reaches now: a viewer moves up to it at once (downgrades wait for the grace). */
export function windowTierIndex(
  events: readonly GrowthEvent[],
  now: number,
  months: number,
  timeZone: string,
  tiers: readonly TierConfig[],
): number {
  return tierIndexFor(rollingGrowth(events, now, months, timeZone), tiers);
}

export interface HeldTier {
  /** index in the shop's tiers of the tier the viewer holds */
  index: number;
  /** when the viewer got it, or when the window was switched on if later: no grace is counted before */
  since: number;
}

/** The tier change to write once the grace is over; `key` makes it happen once. */
export interface TierDowngrade {
  viewerId: string;
  from: string;
  to: string;
  at: number;
  key: string;
}

/**
 * When the window's growth fell below the held tier's threshold for good, as far as the known
 * growth goes: the start of the last stretch below it (growth only ages out after now, so that
 * stretch never ends unless the viewer earns again, and then this is recomputed). Pass growth
 * summed per day: the sweep is linear in the events after sorting.
 */
export function droppedBelowAt(
  events: readonly GrowthEvent[],
  threshold: number,
  since: number,
  months: number,
  timeZone: string,
): number {
  // one sweep over the changes: growth counts from its instant and stops at its expiry
  const changes: { at: number; delta: number }[] = [];
  for (const e of events) {
    changes.push({ at: e.at, delta: e.amount }, { at: addLocalMonths(e.at, months, timeZone), delta: -e.amount });
  }
  changes.sort((a, b) => a.at - b.at);
  let growth = 0;
  let i = 0;
  for (; i < changes.length && (changes[i]?.at ?? 0) <= since; i++) growth += changes[i]?.delta ?? 0;
  let below: number | null = growth < threshold ? since : null;
  while (i < changes.length) {
    const at = changes[i]?.at ?? 0;
    for (; i < changes.length && changes[i]?.at === at; i++) growth += changes[i]?.delta ?? 0;
    if (growth < threshold) below ??= at;
    else below = null;
  }
  // every growth ages out, so the sweep ends below any positive threshold
  return below ?? since;
}

/**
 * The tier window for one viewer holding a tier above the first: the growth of the last `months`
 * must keep meeting the tier's threshold. Once it falls below, the viewer keeps the tier
 * `graceDays`, is told `noticeDays` before the end (with the growth still missing), and is then
 * moved to the tier the window's growth reaches. Keys carry the moment the growth fell below, so
 * earning again (which moves it) starts over with a fresh notice.
 */
export function tierWindowDue(
  viewerId: string,
  held: HeldTier,
  events: readonly GrowthEvent[],
  tiers: readonly TierConfig[],
  config: AutomationsConfig["tierWindow"],
  now: number,
  timeZone: string,
): { due: Due[]; downgrade: TierDowngrade | null } {
  const tier = tiers[held.index];
  if (!config.enabled || held.index <= 0 || !tier) return { due: [], downgrade: null };
  const dropAt = droppedBelowAt(events, tier.threshold, held.since, config.months, timeZone);
  const downgradeAt = addLocalDays(dropAt, config.graceDays, timeZone);
  const noticeAt = addLocalDays(downgradeAt, -config.noticeDays, timeZone);
  const missing = tier.threshold - rollingGrowth(events, noticeAt, config.months, timeZone);
  const notice: Due = {
    kind: "tier_downgrade_notice",
    viewerId,
    key: `tier_downgrade_notice:${tier.key}:${dropAt}`,
    dueAt: noticeAt,
    expiresAt: downgradeAt,
    templateId: config.templateId,
    params: { tier: tier.name, days: config.noticeDays, points: Math.max(1, missing) },
  };
  if (now < downgradeAt) return { due: [notice], downgrade: null };
  const reached = windowTierIndex(events, now, config.months, timeZone, tiers);
  const to = tiers[Math.min(held.index - 1, reached)] as TierConfig;
  return {
    due: [notice],
    downgrade: { viewerId, from: tier.key, to: to.key, at: downgradeAt, key: `tier_downgrade:${tier.key}:${dropAt}` },
  };
}

/**
 * When the viewer came to hold tier `index`, from every change of their growth in time order
 * (downgrades included, so the running sum is the balance): the last change that moved them into
 * it from another tier, up or down. Null when no change did (the growth came without a ledger).
 */
export function heldTierSince(
  changes: readonly GrowthEvent[],
  index: number,
  tiers: readonly TierConfig[],
): number | null {
  let growth = 0;
  let since: number | null = null;
  for (const change of changes) {
    const before = tierIndexFor(growth, tiers);
    growth += change.amount;
    if (before !== index && tierIndexFor(growth, tiers) === index) since = change.at;
  }
  return since;
}

/**
 * The growth balance a downgrade leaves: what the window still counts, but at least the new
 * tier's threshold (a downgrade drops one tier at a time, whatever the window's growth reaches),
 * and never more than the balance.
 */
export function growthAfterDowngrade(balance: number, windowGrowth: number, to: Pick<TierConfig, "threshold">): number {
  return Math.min(balance, Math.max(to.threshold, windowGrowth));
}
