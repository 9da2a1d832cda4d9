import type { Segment, WebhookData } from "../../../protocol/index.js";
import { type SegmentMembership, segmentChanges } from "../../domain/lifecycle/segment-entered.js";
import type { Executor } from "../../store/executor.js";
import { saveSegmentChanges } from "../../store/lifecycle.js";
import type { SegmentMembershipRow } from "../../store/schema.js";
import { enqueueWebhooks } from "../webhooks.js";
import { groupBy } from "./facts.js";

/** What a chunk's reading of segments changed, to be written with its webhooks by `writeSegmentChanges`. */
export interface SegmentChanges {
  entered: Omit<SegmentMembershipRow, "shop_id">[];
  left: { viewer_id: string; segment: Segment }[];
  enteredData: WebhookData<"segment.entered">[];
  leftData: WebhookData<"segment.left">[];
}

/**
 * Diffs the segments a chunk of viewers is in now with the memberships stored at the last
 * reading. Answers, per viewer, the memberships a welcome touch may follow, and the difference,
 * which the sweep writes with the rest of the chunk's plan.
 *
 * `baseline` is the shop's first reading (no full sweep has read segments before): it records
 * who is in each segment without a webhook or a touch. A shop expects `segment.entered` to mean
 * "just entered"; on the day the feature arrives every existing member would otherwise be
 * announced and welcomed at once, for memberships months old. Who is in a segment today is what
 * `GET /v1/segments/:segment/viewers` answers. Leaving is always reported: it is a change.
 */
export function segmentReading(
  ids: readonly string[],
  current: ReadonlyMap<string, Segment[]>,
  stored: readonly Pick<SegmentMembershipRow, "viewer_id" | "segment" | "entered_at" | "baseline">[],
  now: number,
  baseline: boolean,
): { welcome: Map<string, SegmentMembership[]>; changes: SegmentChanges } {
  const storedBy = groupBy(stored, (row) => row.viewer_id);

  const entered: Omit<SegmentMembershipRow, "shop_id">[] = [];
  const left: { viewer_id: string; segment: Segment }[] = [];
  const enteredData: WebhookData<"segment.entered">[] = [];
  const leftData: WebhookData<"segment.left">[] = [];
  const welcome = new Map<string, SegmentMembership[]>();
  for (const id of ids) {
    const before = storedBy.get(id) ?? [];
    const changes = segmentChanges(
      before.map((m) => m.segment),
      current.get(id) ?? [],
    );
    for (const segment of changes.entered) {
      entered.push({ viewer_id: id, segment, entered_at: now, baseline: baseline ? 1 : 0 });
      if (!baseline) enteredData.push({ viewerId: id, segment, enteredAt: now });
    }
    for (const segment of changes.left) {
      const was = before.find((m) => m.segment === segment);
      left.push({ viewer_id: id, segment });
      leftData.push({ viewerId: id, segment, enteredAt: was?.entered_at ?? now, leftAt: now });
    }
    const kept = before.filter((m) => !changes.left.includes(m.segment) && m.baseline === 0);
    const memberships = [
      ...kept.map((m) => ({ segment: m.segment, enteredAt: m.entered_at })),
      ...(baseline ? [] : changes.entered.map((segment) => ({ segment, enteredAt: now }))),
    ];
    if (memberships.length > 0) welcome.set(id, memberships);
  }

  return { welcome, changes: { entered, left, enteredData, leftData } };
}

/**
 * Writes a reading's changes with their `segment.entered` / `segment.left` webhooks in the
 * caller's transaction: the webhooks exist if and only if the change was stored, so a sweep cut
 * short and run again reports each change once.
 */
export async function writeSegmentChanges(trx: Executor, shopId: string, changes: SegmentChanges, now: number) {
  if (changes.entered.length + changes.left.length === 0) return;
  await saveSegmentChanges(trx, shopId, changes.entered, changes.left);
  await enqueueWebhooks(trx, shopId, "segment.entered", changes.enteredData, now);
  await enqueueWebhooks(trx, shopId, "segment.left", changes.leftData, now);
}
