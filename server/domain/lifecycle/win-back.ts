import type { AutomationsConfig } from "../../../protocol/index.js";
import type { Due } from "./due.js";
import { addLocalDays } from "./zoned.js";

export interface Dormancy {
  /** the last time verified watching was credited, or null */
  lastWatchAt: number | null;
  /** the last paid order, or null */
  lastOrderAt: number | null;
  /** when the viewer was first seen: where the clock starts for one who never watched or bought */
  since: number;
}

/** When the viewer's current silence began: their last watching or order, else their first visit. */
export function dormantSince(facts: Dormancy): number {
  return Math.max(facts.lastWatchAt ?? facts.since, facts.lastOrderAt ?? facts.since, facts.since);
}

/**
 * The win-back ladder for the current silence: step n goes `steps[n].days` local days after it
 * began, keyed by that start. A return (watching or an order) starts a new silence with new keys,
 * so the old ladder's unsent steps are no longer yielded: `reconcile` cancels them. Each step
 * expires when the next one is due, so a viewer found deep in silence gets one touch, not three.
 */
export function winBackDue(
  viewerId: string,
  facts: Dormancy,
  config: AutomationsConfig["winBack"],
  timeZone: string,
): Due[] {
  if (!config.enabled) return [];
  const start = dormantSince(facts);
  const dues = config.steps.map((step, i) => ({
    step: i + 1,
    days: step.days,
    templateId: step.templateId,
    dueAt: addLocalDays(start, step.days, timeZone),
  }));
  return dues.map(
    (d, i): Due => ({
      kind: "win_back",
      viewerId,
      key: `win_back:${d.step}:${start}`,
      dueAt: d.dueAt,
      expiresAt: dues[i + 1]?.dueAt ?? null,
      templateId: d.templateId,
      params: { step: d.step, days: d.days },
    }),
  );
}
