import type { AutomationsConfig, Segment } from "../../../protocol/index.js";
import { DAY_MS } from "../coupons.js";
import type { Due } from "./due.js";

/** A segment the viewer is in, since when (the store records the entry when a sweep first finds it). */
export interface SegmentMembership {
  segment: Segment;
  enteredAt: number;
}

/** A welcome to a segment is stale after a week: the viewer may have left it since. */
export const SEGMENT_TOUCH_VALID_MS = 7 * DAY_MS;

/** Segments entered and left between two readings: the `segment.entered` / `segment.left` webhooks. */
export function segmentChanges(
  before: readonly Segment[],
  after: readonly Segment[],
): { entered: Segment[]; left: Segment[] } {
  return {
    entered: after.filter((s) => !before.includes(s)),
    left: before.filter((s) => !after.includes(s)),
  };
}

/** A touch per entry into a segment the shop switched on, once per entry (leaving and re-entering is a new one). */
export function segmentEnteredDue(
  viewerId: string,
  memberships: readonly SegmentMembership[],
  config: AutomationsConfig["segmentEntered"],
): Due[] {
  return memberships.flatMap((m): Due[] => {
    const setting = config.segments[m.segment];
    if (!setting?.enabled) return [];
    return [
      {
        kind: "segment_entered",
        viewerId,
        key: `segment_entered:${m.segment}:${m.enteredAt}`,
        dueAt: m.enteredAt,
        expiresAt: m.enteredAt + SEGMENT_TOUCH_VALID_MS,
        templateId: setting.templateId,
        params: { segment: m.segment },
      },
    ];
  });
}
