import { describe, expect, it } from "vitest";
import {
  decideReferral,
  newReferralCode,
  qualifies,
  type ReferralAttempt,
  referralMonth,
  rewardKeys,
} from "../../server/domain/referrals.js";

const attempt = (over: Partial<ReferralAttempt> = {}): ReferralAttempt => ({
  shopId: "s1",
  inviteeId: "bo",
  config: { enabled: true, monthlyCap: 3 },
  code: { shopId: "s1", viewerId: "amy" },
  existingInviterId: null,
  inviteeHasActivity: false,
  inviterMonthCount: 0,
  ...over,
});

describe("decideReferral", () => {
  it.each<[string, Partial<ReferralAttempt>, ReturnType<typeof decideReferral>]>([
    ["a new viewer with a good code", {}, "attach"],
    ["the shop has referrals off", { config: { enabled: false, monthlyCap: 3 } }, "referrals_off"],
    ["no one has the code", { code: null }, "referral_unknown"],
    ["the code is another shop's", { code: { shopId: "s2", viewerId: "amy" } }, "referral_other_shop"],
    ["the viewer's own code", { code: { shopId: "s1", viewerId: "bo" } }, "referral_self"],
    ["the invitee has activity", { inviteeHasActivity: true }, "referral_not_new"],
    ["another inviter has the invitee", { existingInviterId: "cy" }, "referral_not_new"],
    ["the same inviter again (the link reloaded)", { existingInviterId: "amy", inviteeHasActivity: true }, "replay"],
    ["the inviter is at the month's cap", { inviterMonthCount: 3 }, "referral_cap"],
    ["one below the cap", { inviterMonthCount: 2 }, "attach"],
    // another shop's code is refused as such even when it would also be the viewer's own
    ["another shop's code of the same viewer id", { code: { shopId: "s2", viewerId: "bo" } }, "referral_other_shop"],
  ])("%s", (_name, over, expected) => {
    expect(decideReferral(attempt(over))).toBe(expected);
  });
});

describe("qualifies", () => {
  const watch = { action: "watch" as const, watchMinutes: 10 };
  it.each<[string, Parameters<typeof qualifies>[0], Parameters<typeof qualifies>[1], boolean]>([
    ["9:59 of watching", watch, { kind: "watch", totalWatchMs: 599_000 }, false],
    ["10 minutes of watching", watch, { kind: "watch", totalWatchMs: 600_000 }, true],
    ["a first order when watching is the action", watch, { kind: "first_order" }, false],
    ["a first order when it is the action", { action: "first_order", watchMinutes: 10 }, { kind: "first_order" }, true],
    [
      "hours of watching when the first order is the action",
      { action: "first_order", watchMinutes: 10 },
      { kind: "watch", totalWatchMs: 9e6 },
      false,
    ],
  ])("%s", (_name, config, progress, expected) => {
    expect(qualifies(config, progress)).toBe(expected);
  });
});

describe("keys and codes", () => {
  it("counts the month in the shop's zone", () => {
    // 2026-01-31 17:00 UTC is already February 1st in Shanghai
    expect(referralMonth(Date.UTC(2026, 0, 31, 17), "Asia/Shanghai")).toBe("2026-02");
    expect(referralMonth(Date.UTC(2026, 0, 31, 17), "UTC")).toBe("2026-01");
  });
  it("gives each side of a referral one key, ever", () => {
    expect(rewardKeys("bo")).toEqual({ inviter: "referral:bo:inviter", invitee: "referral:bo:invitee" });
  });
  it("makes URL-safe codes of 12 characters", () => {
    const code = newReferralCode(() => new Uint8Array([255, 254, 253, 0, 1, 2, 62, 63, 64]));
    expect(code).toMatch(/^[A-Za-z0-9_-]{12}$/);
    expect(newReferralCode()).not.toBe(newReferralCode());
  });
});
