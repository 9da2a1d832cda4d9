import type { HostStats } from "../../protocol/live.js";

/** One point of the live chart: what the panel showed at that second. */
export interface StatsPoint {
  at: number;
  viewers: number;
  commentsPerSecond: number;
  matchesPerSecond: number;
}

/** How far back the chart reaches. */
export const HISTORY_MS = 5 * 60 * 1000;

/** Appends a stats push to the chart's window, dropping points older than the window and repeats. */
export function appendPoint(history: readonly StatsPoint[], stats: HostStats, windowMs = HISTORY_MS): StatsPoint[] {
  const last = history[history.length - 1];
  const point: StatsPoint = {
    at: stats.at,
    viewers: stats.viewers,
    commentsPerSecond: stats.commentsPerSecond,
    matchesPerSecond: stats.matchesPerSecond,
  };
  // a late push never rewinds the chart; a stats answer and a push for the same instant keep one point
  if (last && last.at > stats.at) return history.slice();
  const kept = last && last.at === stats.at ? history.slice(0, -1) : history.slice();
  kept.push(point);
  const from = stats.at - windowMs;
  const first = kept.findIndex((p) => p.at >= from);
  return first <= 0 ? kept : kept.slice(first);
}

/**
 * Time until the live offer sells out, in ms: the measured figure once it has, otherwise a
 * projection from the claim rate so far; null while nothing has been claimed.
 */
export function sellOut(
  offer: { startedAt: number; status: string },
  claim: { claimed: number; stock: number; soldOutMs: number | null },
  now: number,
): { ms: number; projected: boolean } | null {
  if (claim.soldOutMs !== null) return { ms: claim.soldOutMs, projected: false };
  if (offer.status !== "live" || claim.claimed <= 0) return null;
  const elapsed = Math.max(1, now - offer.startedAt);
  const remaining = Math.max(0, claim.stock - claim.claimed);
  return { ms: elapsed + (remaining * elapsed) / claim.claimed, projected: true };
}
