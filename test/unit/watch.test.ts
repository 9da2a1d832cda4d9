import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../protocol/index.js";
import { chestPayout, creditBeat, EMPTY_WATCH, earnWatch, watchStatus } from "../../server/domain/watch.js";

const S = 1000;
const MIN = 60 * S;
// 2026-11-02 12:00 in Shanghai: a Monday, not the 18th, so not a member day.
const NOON = Date.UTC(2026, 10, 2, 4, 0, 0);

describe("creditBeat", () => {
  const base = { maxBeatMs: 45 * S };
  it.each([
    [
      "first beat only opens an interval",
      { now: NOON, active: true, socketActiveSince: null, creditedUntil: null },
      0,
      NOON,
    ],
    [
      "an inactive first beat opens nothing",
      { now: NOON, active: false, socketActiveSince: null, creditedUntil: null },
      0,
      null,
    ],
    [
      "30 s between active beats",
      { now: NOON + 30 * S, active: true, socketActiveSince: NOON, creditedUntil: NOON },
      30 * S,
      NOON + 30 * S,
    ],
    [
      "a long gap is capped at 45 s",
      { now: NOON + 5 * MIN, active: true, socketActiveSince: NOON, creditedUntil: NOON },
      45 * S,
      NOON + 5 * MIN,
    ],
    [
      "a pause beat still credits the stretch before it",
      { now: NOON + 30 * S, active: false, socketActiveSince: NOON, creditedUntil: NOON },
      30 * S,
      null,
    ],
    [
      "time another tab was credited for is not counted twice",
      { now: NOON + 30 * S, active: true, socketActiveSince: NOON, creditedUntil: NOON + 20 * S },
      10 * S,
      NOON + 30 * S,
    ],
    [
      "nothing when another tab already covered all of it",
      { now: NOON + 30 * S, active: true, socketActiveSince: NOON, creditedUntil: NOON + 30 * S },
      0,
      NOON + 30 * S,
    ],
  ] as const)("%s", (_name, input, credited, activeSince) => {
    const result = creditBeat({ ...base, ...input });
    expect(result.creditedMs).toBe(credited);
    expect(result.socketActiveSince).toBe(activeSince);
  });

  it("two sockets beating out of step earn one second per second", () => {
    let creditedUntil: number | null = null;
    const since: Record<string, number | null> = { a: null, b: null };
    let total = 0;
    // tab a beats at 0, 30, 60…; tab b at 15, 45, 75… for 20 minutes
    for (let t = 0; t <= 20 * MIN; t += 15 * S) {
      const tab = (t / (15 * S)) % 2 === 0 ? "a" : "b";
      const r = creditBeat({
        now: NOON + t,
        active: true,
        socketActiveSince: since[tab] ?? null,
        creditedUntil,
        maxBeatMs: 45 * S,
      });
      since[tab] = r.socketActiveSince;
      creditedUntil = r.creditedUntil;
      total += r.creditedMs;
    }
    // wall time from the first beat to the last: 20 minutes, not 40
    expect(total).toBe(20 * MIN);
  });
});

describe("earnWatch", () => {
  const config = DEFAULT_CONFIG;
  it.each([
    ["9 min 59 s pays nothing yet", 9 * MIN + 59 * S, 1, 0],
    ["a full 10 minutes pays 10", 10 * MIN, 1, 10],
    ["25 minutes pays two blocks and keeps 5 minutes", 25 * MIN, 1, 20],
    ["silver multiplier 1.2", 10 * MIN, 1.2, 12],
    ["gold multiplier 1.5", 10 * MIN, 1.5, 15],
    ["vip multiplier 2", 10 * MIN, 2, 20],
    ["the daily cap stops at 120", 200 * MIN, 1, 120],
  ] as const)("%s", (_name, credited, multiplier, points) => {
    expect(earnWatch(EMPTY_WATCH, credited, NOON, config, multiplier).points).toBe(points);
  });

  it("keeps the partial interval for the next beat", () => {
    const first = earnWatch(EMPTY_WATCH, 9 * MIN + 30 * S, NOON, config, 1);
    expect(first.points).toBe(0);
    expect(first.state.carryMs).toBe(9 * MIN + 30 * S);
    const second = earnWatch(first.state, 45 * S, NOON + MIN, config, 1);
    expect(second.points).toBe(10);
    expect(second.state.carryMs).toBe(15 * S);
    expect(second.state.blocks).toBe(1);
  });

  it("doubles on a member day (the 18th in the shop's zone)", () => {
    const memberDay = Date.UTC(2026, 10, 17, 16, 30); // 00:30 on the 18th in Shanghai, still the 17th in UTC
    expect(earnWatch(EMPTY_WATCH, 10 * MIN, memberDay, config, 1).points).toBe(20);
    expect(earnWatch(EMPTY_WATCH, 10 * MIN, memberDay, config, 1.5).points).toBe(30);
    expect(watchStatus(EMPTY_WATCH, memberDay, config, 1).memberDay).toBe(true);
  });

  it("resets the daily cap at the shop's midnight, not UTC's", () => {
    const capped = earnWatch(EMPTY_WATCH, 130 * MIN, NOON, config, 1);
    expect(capped.state.dayPoints).toBe(120);
    expect(earnWatch(capped.state, 10 * MIN, NOON + 60 * MIN, config, 1).points).toBe(0);
    const nextMorning = Date.UTC(2026, 10, 2, 16, 1); // 00:01 on the 3rd in Shanghai
    expect(earnWatch(capped.state, 10 * MIN, nextMorning, config, 1).points).toBe(10);
  });

  it("offers a chest at every 15 verified minutes, once each", () => {
    const a = earnWatch(EMPTY_WATCH, 14 * MIN, NOON, config, 1);
    expect(a.chestOrdinal).toBeNull();
    const b = earnWatch(a.state, MIN, NOON, config, 1);
    expect(b.chestOrdinal).toBe(1);
    const c = earnWatch(b.state, 10 * MIN, NOON, config, 1);
    expect(c.chestOrdinal).toBeNull();
    expect(earnWatch(c.state, 5 * MIN, NOON, config, 1).chestOrdinal).toBe(2);
  });

  it("offers no chest the capped day cannot pay, and one worth only what the day has left", () => {
    const capped = earnWatch(EMPTY_WATCH, 120 * MIN, NOON, config, 1);
    expect(capped.state.dayPoints).toBe(120);
    const boundary = earnWatch(capped.state, 15 * MIN, NOON, config, 1);
    expect([boundary.chestOrdinal, boundary.chestPoints]).toEqual([null, 0]);
    expect(boundary.state.chests).toBe(capped.state.chests + 1);
    const nearlyCapped = { ...EMPTY_WATCH, day: capped.state.day, dayPoints: 117, totalMs: 14 * MIN };
    const last = earnWatch(nearlyCapped, MIN, NOON, config, 1);
    expect([last.chestOrdinal, last.chestPoints]).toEqual([1, 3]);
  });
});

describe("chestPayout", () => {
  const config = DEFAULT_CONFIG;
  const today = earnWatch(EMPTY_WATCH, 0, NOON, config, 1).state;
  it.each([
    ["a day with room pays the chest in full", 0, 5, 5],
    ["a day nearly capped pays what is left", 118, 5, 2],
    ["a capped day pays nothing", 120, 5, null],
  ] as const)("%s", (_name, dayPoints, chest, paid) => {
    const payout = chestPayout({ ...today, dayPoints }, chest, NOON, config);
    expect(payout?.points ?? null).toBe(paid);
    if (payout) expect(payout.state.dayPoints).toBe(dayPoints + payout.points);
  });

  it("pays in full again on the next local day", () => {
    const nextMorning = Date.UTC(2026, 10, 2, 16, 1);
    expect(chestPayout({ ...today, dayPoints: 120 }, 5, nextMorning, config)?.points).toBe(5);
  });
});
