import { describe, expect, it } from "vitest";
import { batchedNotifier } from "../../server/services/lifecycle/notify-batch.js";
import type { NotifierCall, NotifyCall } from "../../server/services/lifecycle/sweep-messages.js";

/** A batched notifier whose deferred hand-offs run only when the test says the turn ended. */
function scripted() {
  const handed: NotifyCall[][] = [];
  const deferred: (() => void)[] = [];
  const batch = batchedNotifier(
    (calls) => handed.push(calls),
    (run) => deferred.push(run),
  );
  const endTurn = () => {
    for (const run of deferred.splice(0)) run();
  };
  // the batching carries any arguments as they are: the events' own types are not what is tested
  const notifier = batch.notifier as unknown as Record<NotifierCall, (...args: unknown[]) => void>;
  return { notifier, flush: batch.flush, handed, deferred, endTurn };
}

describe("the sweep thread's batched notifier", () => {
  it("hands on every call of a turn as one batch, in the order they were made", () => {
    const { notifier, handed, endTurn } = scripted();
    notifier.toViewer("s1", "v1", "coupon", { code: "A" });
    notifier.toViewerElsewhere("s1", "v2", "touch", { id: "t2" });
    notifier.retier("s1", "v3", 2);
    expect(handed).toEqual([]);
    endTurn();
    expect(handed).toEqual([
      [
        { method: "toViewer", args: ["s1", "v1", "coupon", { code: "A" }] },
        { method: "toViewerElsewhere", args: ["s1", "v2", "touch", { id: "t2" }] },
        { method: "retier", args: ["s1", "v3", 2] },
      ],
    ]);
  });

  it("asks for one hand-off a turn, and hands on nothing for a turn without calls", () => {
    const { notifier, handed, deferred, endTurn } = scripted();
    notifier.toRoom("r1", "offer", {});
    notifier.toRoom("r1", "offer", {});
    expect(deferred).toHaveLength(1);
    endTurn();
    endTurn();
    notifier.dropViewer("s1", "v1");
    endTurn();
    expect(handed.map((b) => b.map((c) => c.method))).toEqual([["toRoom", "toRoom"], ["dropViewer"]]);
  });

  it("a flush hands on what was recorded before it, so a message posted after it comes after the calls", () => {
    const { notifier, flush, handed, endTurn } = scripted();
    const posted: string[] = [];
    notifier.toShelf("r1", { products: [] });
    flush();
    posted.push(`result after ${handed.length} batch`);
    notifier.toViewer("s1", "v9", "coupon", {});
    endTurn();
    expect(posted).toEqual(["result after 1 batch"]);
    expect(handed.map((b) => b.map((c) => c.method))).toEqual([["toShelf"], ["toViewer"]]);
  });

  it("a flush with nothing recorded hands on nothing, and the turn's hand-off finds nothing left", () => {
    const { notifier, flush, handed, endTurn } = scripted();
    flush();
    notifier.retier("s1", "v1");
    flush();
    endTurn();
    expect(handed).toEqual([[{ method: "retier", args: ["s1", "v1"] }]]);
  });
});
