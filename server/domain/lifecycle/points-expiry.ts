import type { AutomationsConfig } from "../../../protocol/index.js";
import type { Due } from "./due.js";
import { addLocalDays, addLocalMonths, dayKey } from "./zoned.js";

export interface PointsFacts {
  balance: number;
  /** the last ledger entry that earned or spent points (an expiry itself is not activity) */
  lastActivityAt: number;
  /** the expire entry written since that activity, if any: its touch stays wanted after the balance is gone */
  expired: { at: number; amount: number } | null;
}

/** The `expire` ledger entry to write: the whole balance, once per deadline (the idempotency key). */
export interface PointsExpiry {
  viewerId: string;
  amount: number;
  at: number;
  key: string;
}

/** When points expire: `months` calendar months after the last activity, shop time (31 Jan + 1 = 28/29 Feb). */
export function pointsDeadline(lastActivityAt: number, months: number, timeZone: string): number {
  return addLocalMonths(lastActivityAt, months, timeZone);
}

/**
 * Points expiry for one viewer: a warning `warningDays` before the deadline (each expiring when the
 * next, later warning is due), and once the deadline passed, the expiry of the whole balance and a
 * touch saying so. Keys carry the deadline's local day, so any activity, which moves the deadline,
 * starts fresh warnings; activity on the same day keeps them, as the deadline day is unchanged.
 * A zero balance has nothing to warn about. Once the expire entry is written, only its touch is
 * yielded (with the amount that expired), so a touch held back until morning is not cancelled.
 */
export function pointsExpiryDue(
  viewerId: string,
  facts: PointsFacts,
  config: AutomationsConfig["pointsExpiry"],
  now: number,
  timeZone: string,
): { due: Due[]; expire: PointsExpiry | null } {
  if (!config.enabled) return { due: [], expire: null };
  const deadline = pointsDeadline(facts.lastActivityAt, config.months, timeZone);
  const day = dayKey(deadline, timeZone);
  const expiredTouch = (points: number): Due => ({
    kind: "points_expired",
    viewerId,
    key: `points_expired:${day}`,
    dueAt: deadline,
    expiresAt: null,
    templateId: null,
    params: { points },
  });
  if (facts.expired) return { due: [expiredTouch(facts.expired.amount)], expire: null };
  if (facts.balance <= 0) return { due: [], expire: null };
  const warnings = [...config.warningDays]
    .sort((a, b) => b - a)
    .map((days) => ({ days, dueAt: addLocalDays(deadline, -days, timeZone) }));
  const due: Due[] = warnings.map((w, i) => ({
    kind: "points_expiring",
    viewerId,
    key: `points_expiring:${day}:${w.days}`,
    dueAt: w.dueAt,
    expiresAt: warnings[i + 1]?.dueAt ?? deadline,
    templateId: config.templateId,
    params: { points: facts.balance, days: w.days },
  }));
  if (now < deadline) return { due, expire: null };
  due.push(expiredTouch(facts.balance));
  return { due, expire: { viewerId, amount: facts.balance, at: deadline, key: `expire:${day}` } };
}
