import * as core from "@preact/signals-core";
import { describe, expect, it } from "vitest";
import * as ours from "../../widget/core/signals.js";

/**
 * The overlay's signals against @preact/signals-core: every case runs on both, so the small
 * implementation keeps the semantics the overlay was written for.
 */
type Api = Pick<typeof core, "signal" | "computed" | "effect" | "untracked">;

describe.each([
  ["widget/core/signals", ours as unknown as Api],
  ["@preact/signals-core", core as Api],
])("%s", (_name, { signal, computed, effect, untracked }) => {
  it("runs an effect now and again after each write that changes a value it read", () => {
    const count = signal(1);
    const seen: number[] = [];
    const dispose = effect(() => {
      seen.push(count.value);
    });
    count.value = 2;
    count.value = 2;
    count.value = 3;
    dispose();
    count.value = 4;
    expect(seen).toEqual([1, 2, 3]);
  });

  it("does not subscribe through peek() or untracked()", () => {
    const a = signal(1);
    const b = signal(1);
    let runs = 0;
    effect(() => {
      runs++;
      a.peek();
      untracked(() => b.value);
    });
    a.value = 2;
    b.value = 2;
    expect(runs).toBe(1);
  });

  it("computes lazily, caches, and recomputes only after a source changed", () => {
    const a = signal(2);
    let computations = 0;
    const double = computed(() => {
      computations++;
      return a.value * 2;
    });
    expect(computations).toBe(0);
    expect(double.value).toBe(4);
    expect(double.value).toBe(4);
    expect(computations).toBe(1);
    a.value = 5;
    expect(double.peek()).toBe(10);
    expect(computations).toBe(2);
  });

  it("runs an effect once when a signal and a computed of it both change (no glitch)", () => {
    const a = signal(1);
    const double = computed(() => a.value * 2);
    const seen: string[] = [];
    effect(() => {
      seen.push(`${a.value}:${double.value}`);
    });
    a.value = 2;
    expect(seen).toEqual(["1:2", "2:4"]);
  });

  it("does not run an effect whose computed source recomputed to the same value", () => {
    const n = signal(1);
    const positive = computed(() => n.value > 0);
    let runs = 0;
    effect(() => {
      runs++;
      void positive.value;
    });
    n.value = 2;
    n.value = 3;
    expect(runs).toBe(1);
    n.value = -1;
    expect(runs).toBe(2);
  });

  it("tracks afresh on every run: a branch not taken stops subscribing", () => {
    const useA = signal(true);
    const a = signal("a");
    const b = signal("b");
    const seen: string[] = [];
    effect(() => {
      seen.push(useA.value ? a.value : b.value);
    });
    useA.value = false;
    a.value = "a2";
    b.value = "b2";
    expect(seen).toEqual(["a", "b", "b2"]);
  });

  it("calls an effect's cleanup before its next run and on dispose", () => {
    const a = signal(1);
    const log: string[] = [];
    const dispose = effect(() => {
      const v = a.value;
      log.push(`run ${v}`);
      return () => log.push(`clean ${v}`);
    });
    a.value = 2;
    dispose();
    expect(log).toEqual(["run 1", "clean 1", "run 2", "clean 2"]);
  });

  it("runs effects woken by an effect's own writes, in the same write", () => {
    const a = signal(1);
    const b = signal(0);
    const seen: number[] = [];
    effect(() => {
      b.value = a.value * 10;
    });
    effect(() => {
      seen.push(b.value);
    });
    a.value = 2;
    expect(seen).toEqual([10, 20]);
    expect(b.peek()).toBe(20);
  });

  it("lets an effect created inside another run on its own", () => {
    const outer = signal(1);
    const inner = signal(1);
    const seen: string[] = [];
    let disposeInner: (() => void) | undefined;
    effect(() => {
      seen.push(`outer ${outer.value}`);
      disposeInner?.();
      disposeInner = effect(() => {
        seen.push(`inner ${inner.value}`);
      });
    });
    inner.value = 2;
    outer.value = 2;
    expect(seen).toEqual(["outer 1", "inner 1", "inner 2", "outer 2", "inner 2"]);
  });

  it("rethrows a computed's error on read and recovers when its source changes", () => {
    const a = signal(0);
    const inverse = computed(() => {
      if (a.value === 0) throw new Error("zero");
      return 1 / a.value;
    });
    expect(() => inverse.value).toThrow("zero");
    a.value = 4;
    expect(inverse.value).toBe(0.25);
  });

  it("subscribes a plain function to one value until it unsubscribes", () => {
    const a = signal("x");
    const seen: string[] = [];
    const stop = a.subscribe((value) => seen.push(value));
    a.value = "y";
    stop();
    a.value = "z";
    expect(seen).toEqual(["x", "y"]);
  });

  it("chains computeds and keeps them exact through several writes", () => {
    const price = signal(100);
    const qty = signal(2);
    const total = computed(() => price.value * qty.value);
    const label = computed(() => `¥${total.value}`);
    const seen: string[] = [];
    effect(() => {
      seen.push(label.value);
    });
    qty.value = 3;
    price.value = 50;
    qty.value = 6;
    expect(seen).toEqual(["¥200", "¥300", "¥150", "¥300"]);
  });
});
