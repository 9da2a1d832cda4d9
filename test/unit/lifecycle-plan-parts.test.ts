import { describe, expect, it } from "vitest";
import type { Due } from "../../server/domain/lifecycle/due.js";
import type { PointsExpiry } from "../../server/domain/lifecycle/points-expiry.js";
import { planParts } from "../../server/services/lifecycle/plan-parts.js";
import { touchRow } from "../../server/services/lifecycle/send.js";
import { type ChunkPlan, emptyPlan } from "../../server/services/lifecycle/sweep-writes.js";

const due = (viewerId: string, key: string): Due => ({
  kind: "first_order",
  viewerId,
  key,
  dueAt: 0,
  expiresAt: null,
  templateId: null,
  params: {},
});

/** A plan with, per viewer, that many sends and one held-out record. */
function planOf(sends: Record<string, number>): ChunkPlan {
  const plan = emptyPlan(5);
  for (const [viewer, n] of Object.entries(sends)) {
    for (let i = 0; i < n; i++) plan.send.push({ due: due(viewer, `k${i}`), viewerGrowth: 0 });
    plan.record.push(touchRow("s", due(viewer, "held"), "holdout", null, 0));
  }
  return plan;
}

const viewersOf = (plan: ChunkPlan) => [
  ...new Set([...plan.send.map((t) => t.due.viewerId), ...plan.record.map((t) => t.viewer_id)]),
];

describe("a chunk's plan in parts", () => {
  it("keeps a plan that fits in one part whole", () => {
    const plan = planOf({ amy: 2, bo: 1 });
    expect(planParts(plan, 32)).toEqual([plan]);
  });

  it("keeps an empty plan as one part, so its lease renewal is still written", () => {
    expect(planParts(emptyPlan(5), 32)).toHaveLength(1);
  });

  it("cuts between whole viewers, each part within the rows, in the plan's order", () => {
    // each viewer: 2 sends (4 rows each) and a record: 9 rows; 3 fit in 32
    const plan = planOf({ a: 2, b: 2, c: 2, d: 2, e: 2, f: 2, g: 2 });
    const parts = planParts(plan, 32);
    expect(parts.map(viewersOf)).toEqual([["a", "b", "c"], ["d", "e", "f"], ["g"]]);
    // nothing lost, nothing twice
    expect(parts.flatMap((p) => p.send)).toEqual(plan.send);
    expect(parts.flatMap((p) => p.record)).toEqual(plan.record);
    for (const part of parts) expect(part.readAt).toBe(plan.readAt);
  });

  it("gives a viewer whose own writes exceed a part a part alone", () => {
    const parts = planParts(planOf({ a: 1, big: 20, c: 1 }), 32);
    expect(parts.map(viewersOf)).toEqual([["a"], ["big"], ["c"]]);
  });

  it("keeps each viewer's segment changes and closed touches with their sends", () => {
    const plan = planOf({ a: 7, b: 7 });
    plan.segments.entered.push({ viewer_id: "b", segment: "high_value", entered_at: 0, baseline: 0 });
    plan.segments.enteredData.push({ viewerId: "b", segment: "high_value", enteredAt: 0 });
    plan.gone.push({ id: "t1", viewerId: "a" });
    const [first, second] = planParts(plan, 32);
    expect(first?.gone).toEqual([{ id: "t1", viewerId: "a" }]);
    expect(first?.segments.entered).toEqual([]);
    expect(second?.segments.entered.map((m) => m.viewer_id)).toEqual(["b"]);
    expect(second?.segments.enteredData.map((d) => d.viewerId)).toEqual(["b"]);
    expect(second?.gone).toEqual([]);
  });

  it("leaves the points expiries with the first part, whose stale check covers them", () => {
    const plan = planOf({ a: 7, b: 7 });
    const expiry = { viewerId: "b", amount: 10, key: "exp" } as PointsExpiry;
    plan.expire.push(expiry);
    const parts = planParts(plan, 32);
    expect(parts.map((p) => p.expire)).toEqual([[expiry], []]);
  });
});
