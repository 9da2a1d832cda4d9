import type { Entrance, PresentReason } from "../../protocol/index.js";
import { birthdayWeekYear, DORMANT_MS, HIGH_INTENT_CLICKS, HIGH_INTENT_WINDOW_MS, NEW_BUYER_MS } from "./segments.js";

/*
 * The live room's sense of who is in it: which viewers the host should notice ("who is here"),
 * and how arrivals of the announced tiers become a few entrance lines instead of a flood.
 */

export { HIGH_INTENT_WINDOW_MS };

/** What the room knows of a viewer present now: from the socket (tier, arrival) and from set-based reads. */
export interface PresentFacts {
  viewerId: string;
  name: string;
  tier: number;
  /** the last verified watching before this visit, or null if never */
  lastWatchAt: number | null;
  birthday: string | null;
  firstOrderAt: number | null;
  /** clicks on the featured product within the high-intent window */
  featuredClicks: number;
  boughtFeatured: boolean;
}

/** Why a present viewer is notable, strongest first; empty for one the host need not single out. */
export function presentReasons(
  viewer: PresentFacts,
  context: { topTier: number; now: number; timeZone: string },
): PresentReason[] {
  const { now } = context;
  const reasons: PresentReason[] = [];
  if (birthdayWeekYear(viewer.birthday, now, context.timeZone) !== null) reasons.push("birthday");
  if (context.topTier > 0 && viewer.tier >= context.topTier) reasons.push("top_tier");
  if (viewer.featuredClicks >= HIGH_INTENT_CLICKS && !viewer.boughtFeatured) reasons.push("high_intent");
  if (viewer.firstOrderAt !== null && viewer.firstOrderAt <= now && now - viewer.firstOrderAt <= NEW_BUYER_MS) {
    reasons.push("new_buyer");
  }
  // back after a month away: dormant as of the moment they joined, before this visit's watching
  if (viewer.lastWatchAt !== null && now - viewer.lastWatchAt >= DORMANT_MS) reasons.push("returning");
  return reasons;
}

const REASON_WEIGHT: Record<PresentReason, number> = {
  birthday: 5,
  top_tier: 4,
  high_intent: 3,
  new_buyer: 2,
  returning: 1,
};

/** The notable viewers, most notable first (more and stronger reasons, then higher tier, then name), at most `limit`. */
export function rankPresent<T extends { tier: number; name: string; reasons: PresentReason[] }>(
  viewers: readonly T[],
  limit: number,
): T[] {
  const score = (v: T) => v.reasons.reduce((sum, r) => sum + REASON_WEIGHT[r] * 10, 0) + v.tier;
  return viewers
    .filter((v) => v.reasons.length > 0)
    .sort((a, b) => score(b) - score(a) || a.name.localeCompare(b.name))
    .slice(0, limit);
}

/** The tiers a shop announces: the keys it chose, or its top tier when it chose none. Never the first tier by default. */
export function announcedTiers(tierKeys: readonly string[], entranceTiers: readonly string[] | null): Set<number> {
  if (entranceTiers === null) return tierKeys.length > 1 ? new Set([tierKeys.length - 1]) : new Set();
  const chosen = new Set(entranceTiers);
  return new Set(tierKeys.flatMap((key, i) => (chosen.has(key) ? [i] : [])));
}

/** How long a viewer's entrance is not announced again: a reconnect or a reload within it is the same visit. */
export const ENTRANCE_QUIET_MS = 10 * 60_000;
/** Names an entrance line spells out before it counts the rest. */
export const ENTRANCE_NAMES = 1;
/** Lines a room gets per flush (about one a second): a crowd becomes counts, never a flood. */
export const ENTRANCE_LINES = 3;

/**
 * Arrivals since the last flush as entrance lines: one per tier, highest tier first, naming the
 * first arrival and counting the others of the tier; at most `ENTRANCE_LINES`, and the
 * lowest tiers' arrivals beyond that are left out (they are in the room; the line is a courtesy).
 */
export function entranceLines(arrivals: readonly { name: string; tier: number }[]): Entrance[] {
  const byTier = new Map<number, string[]>();
  for (const a of arrivals) {
    const names = byTier.get(a.tier) ?? [];
    names.push(a.name);
    byTier.set(a.tier, names);
  }
  return [...byTier]
    .sort(([a], [b]) => b - a)
    .slice(0, ENTRANCE_LINES)
    .map(([tier, names]) => ({
      tier,
      names: names.slice(0, ENTRANCE_NAMES),
      others: Math.max(0, names.length - ENTRANCE_NAMES),
    }));
}

/** Whether an arrival gets a line: an announced tier, and not announced in this room lately. */
export function shouldAnnounce(
  tier: number,
  announced: ReadonlySet<number>,
  lastAnnouncedAt: number | undefined,
  now: number,
): boolean {
  if (!announced.has(tier)) return false;
  return lastAnnouncedAt === undefined || now - lastAnnouncedAt >= ENTRANCE_QUIET_MS;
}
