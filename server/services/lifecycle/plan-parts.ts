import type { ChunkPlan } from "./sweep-writes.js";

/**
 * Rows a part of a chunk's plan writes at most (a send counts four: its coupon, its touch, its
 * webhook and the template's count), so that each transaction of the server's thread stays a
 * couple of milliseconds long: every beat that arrives meanwhile waits for the rest of it. At a
 * million members, parts of 24 rows took 1.8 ms at p50 and 5.4 ms at p99, against 3.6 and 9.5 for
 * parts of 64, and the sweep 47 s instead of 44 (each part has a cost of its own, about 1 ms:
 * its stale-plan check, its reads for the coupons, its commit). Parts of 16 made the sweep 54 s
 * for beats no better (docs/benchmarks.md).
 */
export const PART_ROWS = 24;

/**
 * Rows a part holds at most while the writes are behind: the sweep had the next chunk's plan ready
 * before the last chunk was written, so the server's thread is the bottleneck and the beats wait
 * in its queue rather than behind one part. Fewer, larger parts then cost that thread less (each
 * part's check, reads and commit) and so shorten the queue: on a machine slow at system calls, a
 * million members' daily sweep took 130 s with parts of 24 and 109 s with parts of 48, the beats'
 * p99 during it 38–47 ms against 37–42 ms (docs/benchmarks.md).
 */
export const BEHIND_PART_ROWS = 48;

const SEND_ROWS = 4;
const SEGMENT_ROWS = 2;

/**
 * A chunk's plan cut into parts of whole viewers, each at most `maxRows` rows to write (a viewer
 * whose own writes are more is a part alone), in the order the plan names them. Every part
 * carries only its viewers' writes; the points expiries and tier downgrades, written in
 * transactions of their own after the parts, stay with the first. A plan with nothing to write
 * is one empty part, so the lease it renews is still renewed.
 */
export function planParts(plan: ChunkPlan, maxRows = PART_ROWS): ChunkPlan[] {
  const rows = new Map<string, number>();
  const count = (viewerId: string, n: number) => rows.set(viewerId, (rows.get(viewerId) ?? 0) + n);
  for (const t of plan.send) count(t.due.viewerId, SEND_ROWS);
  for (const t of plan.record) count(t.viewer_id, 1);
  for (const t of [...plan.expired, ...plan.gone]) count(t.viewerId, 1);
  for (const m of plan.segments.entered) count(m.viewer_id, SEGMENT_ROWS);
  for (const m of plan.segments.left) count(m.viewer_id, SEGMENT_ROWS);

  const groups: Set<string>[] = [];
  let group = new Set<string>();
  let filled = 0;
  for (const [viewerId, n] of rows) {
    if (group.size > 0 && filled + n > maxRows) {
      groups.push(group);
      group = new Set();
      filled = 0;
    }
    group.add(viewerId);
    filled += n;
  }
  if (group.size > 0 || groups.length === 0) groups.push(group);
  if (groups.length === 1) return [plan];

  return groups.map((viewers, i) => {
    const has = (viewerId: string) => viewers.has(viewerId);
    return {
      readAt: plan.readAt,
      segments: {
        entered: plan.segments.entered.filter((m) => has(m.viewer_id)),
        left: plan.segments.left.filter((m) => has(m.viewer_id)),
        enteredData: plan.segments.enteredData.filter((d) => has(d.viewerId)),
        leftData: plan.segments.leftData.filter((d) => has(d.viewerId)),
      },
      expire: i === 0 ? plan.expire : [],
      downgrade: i === 0 ? plan.downgrade : [],
      expired: plan.expired.filter((t) => has(t.viewerId)),
      gone: plan.gone.filter((t) => has(t.viewerId)),
      record: plan.record.filter((t) => has(t.viewer_id)),
      send: plan.send.filter((t) => has(t.due.viewerId)),
    };
  });
}
