import { describe, expect, it } from "vitest";
import { RecentlyLeft } from "../../server/realtime/recently-left.js";

describe("the viewer channels left lately", () => {
  it("holds a channel for the recovery window, then forgets it", () => {
    let now = 1_000;
    const left = new RecentlyLeft(120_000, () => now);
    expect(left.has("viewer:s:amy")).toBe(false);
    left.note("viewer:s:amy");
    now += 120_000;
    expect(left.has("viewer:s:amy")).toBe(true);
    now += 1;
    expect(left.has("viewer:s:amy")).toBe(false);
  });

  it("counts the window from the last leaving, and drops the expired as others leave", () => {
    let now = 0;
    const left = new RecentlyLeft(100, () => now);
    left.note("a");
    left.note("b");
    now = 60;
    left.note("a");
    now = 150;
    left.note("c");
    expect(left.has("a")).toBe(true);
    expect(left.has("b")).toBe(false);
    expect(left.has("c")).toBe(true);
  });
});
