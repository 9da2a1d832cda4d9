import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, type OfferStatus } from "../../protocol/index.js";
import { blockedWordIn, cleanComment, maskedName } from "../../server/domain/moderation.js";
import {
  assertCanStart,
  type Claimant,
  type ClaimState,
  claimRefusal,
  drawWinners,
  matchesKeyword,
  nextStatus,
  type OfferEvent,
  validateOfferInput,
} from "../../server/domain/offers.js";

const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return "ok";
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
};

describe("validateOfferInput", () => {
  it.each([
    [{ stock: 1, durationSeconds: 10, minTier: null }, "ok"],
    [{ stock: 100_000, durationSeconds: 300, minTier: "vip" }, "ok"],
    [{ stock: 0, durationSeconds: 60, minTier: null }, "stock_invalid"],
    [{ stock: -1, durationSeconds: 60, minTier: null }, "stock_invalid"],
    [{ stock: 100_001, durationSeconds: 60, minTier: null }, "stock_invalid"],
    [{ stock: 2.5, durationSeconds: 60, minTier: null }, "stock_invalid"],
    [{ stock: 10, durationSeconds: 9, minTier: null }, "duration_invalid"],
    [{ stock: 10, durationSeconds: 301, minTier: null }, "duration_invalid"],
    [{ stock: 10, durationSeconds: 60, minTier: "platinum" }, "bad_request"],
  ])("%o → %s", (input, code) => {
    expect(codeOf(() => validateOfferInput(input, DEFAULT_CONFIG.tiers))).toBe(code);
  });
});

describe("nextStatus", () => {
  it.each<[OfferStatus, OfferEvent, string]>([
    ["scheduled", "start", "live"],
    ["live", "sell_out", "sold_out"],
    ["live", "end", "ended"],
    ["live", "start", "bad_request"],
    ["ended", "end", "offer_ended"],
    ["sold_out", "end", "offer_ended"],
    ["ended", "start", "offer_ended"],
    ["scheduled", "sell_out", "bad_request"],
  ])("%s + %s → %s", (status, event, expected) => {
    let result = "";
    const code = codeOf(() => {
      result = nextStatus(status, event);
    });
    expect(code === "ok" ? result : code).toBe(expected);
  });

  it("allows one live offer per room", () => {
    expect(codeOf(() => assertCanStart(null))).toBe("ok");
    expect(codeOf(() => assertCanStart({ status: "ended" }))).toBe("ok");
    expect(codeOf(() => assertCanStart({ status: "sold_out" }))).toBe("ok");
    expect(codeOf(() => assertCanStart({ status: "live" }))).toBe("offer_live");
  });
});

describe("matchesKeyword", () => {
  it.each([
    ["1", "1", true],
    [" 1 ", "1", true],
    ["１", "1", true],
    ["11", "1", false],
    ["1!", "1", false],
    ["Want", "want", true],
    ["ｗａｎｔ", "want", true],
  ])("%j against %j → %s", (text, keyword, expected) => {
    expect(matchesKeyword(text, keyword)).toBe(expected);
  });
});

describe("claimRefusal", () => {
  const live: ClaimState = { status: "live", mode: "first_come", remaining: 5, endsAt: 10_000, minTierIndex: 1 };
  const member: Claimant = { guest: false, muted: false, taken: false, tierIndex: 2 };
  it.each<[string, Partial<ClaimState>, Partial<Claimant>, number, string | null]>([
    ["an eligible member", {}, {}, 0, null],
    ["a guest", {}, { guest: true }, 0, "guest"],
    ["a muted viewer", {}, { muted: true }, 0, "muted"],
    ["a second claim", {}, { taken: true }, 0, "already_claimed"],
    ["a low tier", {}, { tierIndex: 0 }, 0, "tier_too_low"],
    ["an unknown tier (checked later)", {}, { tierIndex: null }, 0, null],
    ["no stock left", { remaining: 0 }, {}, 0, "sold_out"],
    ["a sold-out offer", { status: "sold_out", remaining: 0 }, {}, 0, "sold_out"],
    ["the end time", {}, {}, 10_000, "offer_ended"],
    ["an ended offer", { status: "ended" }, {}, 0, "offer_ended"],
    ["a guest after the end", {}, { guest: true }, 20_000, "offer_ended"],
    ["a draw entry", { mode: "draw" }, {}, 0, null],
    ["below a fan-only room's tier", { roomTierIndex: 3 }, {}, 0, "room_gated"],
    ["below both gates: the room's is named", { roomTierIndex: 2 }, { tierIndex: 0 }, 0, "room_gated"],
    ["at a fan-only room's tier", { roomTierIndex: 2 }, {}, 0, null],
    ["a fan-only room, tier not read yet", { roomTierIndex: 3 }, { tierIndex: null }, 0, null],
  ])("%s", (_name, offer, claimant, now, expected) => {
    expect(claimRefusal({ ...live, ...offer }, { ...member, ...claimant }, now)).toBe(expected);
  });
});

describe("drawWinners", () => {
  const entries = Array.from({ length: 50 }, (_, i) => `v${i}`);
  const seed = Buffer.alloc(32, 7);

  it("draws min(count, entries) distinct entrants", () => {
    for (const count of [0, 1, 10, 50, 80]) {
      const winners = drawWinners(entries, count, seed);
      expect(winners).toHaveLength(Math.min(count, entries.length));
      expect(new Set(winners).size).toBe(winners.length);
      for (const w of winners) expect(entries).toContain(w);
    }
  });

  it("is reproducible from the seed and changes with it", () => {
    expect(drawWinners(entries, 10, seed)).toEqual(drawWinners(entries, 10, Buffer.from(seed)));
    expect(drawWinners(entries, 10, seed)).not.toEqual(drawWinners(entries, 10, Buffer.alloc(32, 8)));
  });

  it("favours nobody: each of 4 entrants wins a 1-of-4 draw about equally often", () => {
    const wins = new Map<string, number>();
    for (let i = 0; i < 4000; i++) {
      const seedI = Buffer.alloc(32);
      seedI.writeUInt32BE(i);
      const [w] = drawWinners(["a", "b", "c", "d"], 1, seedI);
      wins.set(w as string, (wins.get(w as string) ?? 0) + 1);
    }
    for (const n of wins.values()) expect(Math.abs(n - 1000)).toBeLessThan(150);
  });
});

describe("comment moderation", () => {
  it.each([
    ["plain", "plain"],
    ["  two   spaces ", "two spaces"],
    ["line\nbreak", "line break"],
    ["rtl\u202eoverride", "rtl override"],
    ["<b>kept as text</b>", "<b>kept as text</b>"],
    ["zero\u200bwidth", "zero width"],
    ["a family 👨\u200d👩\u200d👧 stays one", "a family 👨\u200d👩\u200d👧 stays one"],
    ["می\u200cخواهم", "می\u200cخواهم"],
  ])("cleans %j to %j", (text, clean) => {
    expect(cleanComment(text)).toBe(clean);
  });

  it.each([
    ["Buy SPAM now", ["spam"], "spam"],
    ["ｓｐａｍ", ["spam"], "spam"],
    ["fine", ["spam"], null],
    ["anything", [], null],
  ])("%j with %o → %s", (text, words, hit) => {
    expect(blockedWordIn(text, words)).toBe(hit);
  });
});

describe("a nameless commenter's name", () => {
  it.each([
    ["u-20931-x", "u***-x"],
    ["viewer-amy", "v***my"],
    ["abcd", "***d"],
    ["用户甲乙丙丁", "用***丙丁"],
  ])("%s reads %s: the ends of the id, never the id", (id, name) => {
    expect(maskedName(id)).toBe(name);
  });
});
