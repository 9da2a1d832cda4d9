import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, MAX_BALANCE, ShopConfig } from "../../protocol/index.js";
import { chestClaimRefusal } from "../../server/domain/chest.js";
import { applyChange } from "../../server/domain/ledger.js";
import { tierIndexFor, tierStatus } from "../../server/domain/tiers.js";

const tiers = DEFAULT_CONFIG.tiers;

describe("tiers", () => {
  it.each([
    [0, "fan"],
    [499, "fan"],
    [500, "silver"],
    [1999, "silver"],
    [2000, "gold"],
    [7999, "gold"],
    [8000, "vip"],
    [1_000_000, "vip"],
  ])("growth %i is %s", (growth, key) => {
    expect(tiers[tierIndexFor(growth, tiers)]?.key).toBe(key);
  });

  it("shows the way to the next tier", () => {
    const status = tierStatus(1250, tiers);
    expect(status.key).toBe("silver");
    expect(status.next?.key).toBe("gold");
    expect(status.next?.remaining).toBe(750);
    expect(status.progress).toBeCloseTo(0.5);
  });

  it("has no next tier at the top", () => {
    const status = tierStatus(9000, tiers);
    expect(status.next).toBeNull();
    expect(status.progress).toBe(1);
  });

  it("refuses configs whose thresholds do not rise from 0", () => {
    const bad = { ...DEFAULT_CONFIG, tiers: [tiers[1], tiers[0]] };
    expect(ShopConfig.safeParse(bad).success).toBe(false);
    expect(ShopConfig.safeParse({ ...DEFAULT_CONFIG, timezone: "Mars/Olympus" }).success).toBe(false);
    expect(ShopConfig.safeParse(DEFAULT_CONFIG).success).toBe(true);
  });
});

describe("ledger", () => {
  const change = { growthDelta: 0, reason: "adjust" as const, ref: "x", idempotencyKey: "k" };
  it.each([
    [{ points: 10, growth: 0 }, 5, { points: 15, growth: 0 }],
    [{ points: 10, growth: 0 }, -10, { points: 0, growth: 0 }],
    [{ points: 10, growth: 0 }, -11, "insufficient_points"],
    [{ points: MAX_BALANCE - 1, growth: 0 }, 1, { points: MAX_BALANCE, growth: 0 }],
    [{ points: MAX_BALANCE, growth: 0 }, 1, "amount_invalid"],
    [{ points: 0, growth: 0 }, Number.MAX_SAFE_INTEGER + 1, "amount_invalid"],
    [{ points: 0, growth: 0 }, 0.5, "amount_invalid"],
  ] as const)("%o %+d → %o", (balance, delta, expected) => {
    expect(applyChange(balance, { ...change, delta })).toEqual(expected);
  });
});

describe("chest", () => {
  const chest = { id: "c", points: 5, expiresAt: 1000, claimedAt: null };
  it.each([
    [null, 0, "chest_none"],
    [chest, 1000, null],
    [chest, 1001, "chest_expired"],
    [{ ...chest, claimedAt: 500 }, 600, "chest_claimed"],
  ] as const)("%o at %i → %s", (record, now, refusal) => {
    expect(chestClaimRefusal(record, now)).toBe(refusal);
  });
});
