import { describe, expect, it } from "vitest";
import { DAY_MS } from "../../server/domain/coupons.js";
import {
  announcedTiers,
  ENTRANCE_LINES,
  ENTRANCE_QUIET_MS,
  entranceLines,
  type PresentFacts,
  presentReasons,
  rankPresent,
  shouldAnnounce,
} from "../../server/domain/presence.js";
import { CommentFeed } from "../../server/realtime/comment-feed.js";

const SH = "Asia/Shanghai";
const now = Date.parse("2026-06-15T12:00:00+08:00");
const context = { topTier: 3, now, timeZone: SH };
const viewer = (over: Partial<PresentFacts> = {}): PresentFacts => ({
  viewerId: "v",
  name: "Amy",
  tier: 0,
  lastWatchAt: now - DAY_MS,
  birthday: null,
  firstOrderAt: null,
  featuredClicks: 0,
  boughtFeatured: false,
  ...over,
});

describe("who is notable in the room", () => {
  it.each([
    ["nobody special", {}, []],
    ["the top tier", { tier: 3 }, ["top_tier"]],
    ["a tier below the top", { tier: 2 }, []],
    ["a birthday two days ago", { birthday: "06-13" }, ["birthday"]],
    ["a birthday four days away", { birthday: "06-19" }, []],
    ["three clicks on the featured product", { featuredClicks: 3 }, ["high_intent"]],
    ["three clicks, but bought it", { featuredClicks: 3, boughtFeatured: true }, []],
    ["two clicks", { featuredClicks: 2 }, []],
    ["a first order six days ago", { firstOrderAt: now - 6 * DAY_MS }, ["new_buyer"]],
    ["a first order eight days ago", { firstOrderAt: now - 8 * DAY_MS }, []],
    ["back after 31 days away", { lastWatchAt: now - 31 * DAY_MS }, ["returning"]],
    ["never watched before: new, not returning", { lastWatchAt: null }, []],
    ["top tier on her birthday", { tier: 3, birthday: "06-15" }, ["birthday", "top_tier"]],
  ] as const)("%s", (_label, over, reasons) => {
    expect(presentReasons(viewer(over), context)).toEqual(reasons);
  });

  it("never calls everyone top tier when the shop has one tier", () => {
    expect(presentReasons(viewer({ tier: 0 }), { ...context, topTier: 0 })).toEqual([]);
  });

  it("ranks more and stronger reasons first, drops the unremarkable, and keeps to the limit", () => {
    const list = [
      { name: "Bob", tier: 1, reasons: [] },
      { name: "Cara", tier: 0, reasons: ["returning" as const] },
      { name: "Amy", tier: 3, reasons: ["birthday" as const, "top_tier" as const] },
      { name: "Dan", tier: 0, reasons: ["birthday" as const] },
    ];
    expect(rankPresent(list, 10).map((v) => v.name)).toEqual(["Amy", "Dan", "Cara"]);
    expect(rankPresent(list, 1).map((v) => v.name)).toEqual(["Amy"]);
  });
});

describe("entrance lines", () => {
  const keys = ["fan", "silver", "gold", "vip"];

  it("announces the top tier by default, the chosen tiers when set, nobody for none", () => {
    expect([...announcedTiers(keys, null)]).toEqual([3]);
    expect([...announcedTiers(keys, ["gold", "vip"])]).toEqual([2, 3]);
    expect([...announcedTiers(keys, [])]).toEqual([]);
    expect([...announcedTiers(["fan"], null)]).toEqual([]);
  });

  it("announces a viewer again only after the quiet time", () => {
    const announced = new Set([3]);
    expect(shouldAnnounce(3, announced, undefined, now)).toBe(true);
    expect(shouldAnnounce(2, announced, undefined, now)).toBe(false);
    expect(shouldAnnounce(3, announced, now - 60_000, now)).toBe(false);
    expect(shouldAnnounce(3, announced, now - ENTRANCE_QUIET_MS, now)).toBe(true);
  });

  it("folds arrivals into one line per tier, highest first, naming the first and counting the rest", () => {
    const arrivals = [
      { name: "Gus", tier: 2 },
      { name: "Vera", tier: 3 },
      { name: "Gia", tier: 2 },
      { name: "Gil", tier: 2 },
    ];
    expect(entranceLines(arrivals)).toEqual([
      { tier: 3, names: ["Vera"], others: 0 },
      { tier: 2, names: ["Gus"], others: 2 },
    ]);
    expect(entranceLines([])).toEqual([]);
  });

  it("gives a room at most a few lines per flush however many tiers arrive", () => {
    const arrivals = [0, 1, 2, 3, 4, 5].map((tier) => ({ name: `t${tier}`, tier }));
    expect(entranceLines(arrivals)).toHaveLength(ENTRANCE_LINES);
  });

  it("counts a crowd beyond what the feed keeps by name into its tier's line", () => {
    const feed = new CommentFeed(() => 0);
    for (let i = 0; i < 500; i++) feed.arrive({ name: `v${i}`, tier: 3 });
    const batch = feed.flush();
    expect(batch?.room).toMatchObject({ count: 0, entrances: [{ tier: 3, names: ["v0"], others: 499 }] });
    expect(feed.flush()).toBeNull();
  });

  it("holds entrance lines back for a flush that does not carry them", () => {
    const feed = new CommentFeed(() => 0);
    feed.arrive({ name: "Vera", tier: 3 });
    expect(feed.flush(false)).toBeNull();
    expect(feed.flush(true)?.room.entrances).toEqual([{ tier: 3, names: ["Vera"], others: 0 }]);
  });
});
