import { describe, expect, it } from "vitest";
import { SEGMENTS, TOUCH_KINDS, type TouchParams } from "../../protocol/index.js";
import { touchWords } from "../../server/domain/lifecycle/words.js";

const product = { "zh-CN": "补水精华 30 ml", en: "Hydrating serum 30 ml" };
const coupon = { "zh-CN": "满100减30", en: "¥30 off ¥100" };
const tier = { "zh-CN": "钻粉", en: "Gold" };

describe("touch words", () => {
  it.each([
    [
      "replenish",
      { product, coupon, days: 5 },
      "您的补水精华 30 ml快用完了吧？送您「满100减30」，回购更划算。",
      "Running low on Hydrating serum 30 ml? Here's a coupon for your next one: “¥30 off ¥100”.",
    ],
    ["replenish", { product, days: 5 }, "您的补水精华 30 ml快用完了吧？", "Running low on Hydrating serum 30 ml?"],
    [
      "first_order",
      { coupon },
      "感谢您的首单！「满100减30」已在您的钱包里，下次用上吧。",
      "Thanks for your first order! Your coupon “¥30 off ¥100” is waiting in your wallet.",
    ],
    [
      "coupon_expiring",
      { coupon, days: 3 },
      "您的「满100减30」3天后到期，别浪费了。",
      "Your coupon “¥30 off ¥100” expires in 3 days. Don't let it go to waste.",
    ],
    [
      "coupon_expiring",
      { coupon, days: 1 },
      "您的「满100减30」明天到期，别浪费了。",
      "Your coupon “¥30 off ¥100” expires tomorrow. Don't let it go to waste.",
    ],
    ["win_back", { step: 1, days: 30 }, "好久不见！回来看看吧。", "We miss you! Come back and see what's new."],
    [
      "win_back",
      { step: 3, days: 90, coupon },
      "想您了！这是我们的一点心意。送您「满100减30」。",
      "We really miss you. Here's a coupon for you: “¥30 off ¥100”.",
    ],
    [
      "points_expiring",
      { points: 12345, days: 30 },
      "您的12,345积分将在30天后过期，快来兑换吧。",
      "Your 12,345 points expire in 30 days. Use them before they're gone.",
    ],
    [
      "points_expired",
      { points: 800 },
      "您的800积分已过期。来看直播，积分很快又能攒起来。",
      "Your 800 points have expired. Watch a live to start earning again.",
    ],
    [
      "tier_downgrade_notice",
      { tier, days: 7, points: 320 },
      "您的钻粉身份将在7天后到期，再攒320成长值即可保级。",
      "Your Gold status ends in 7 days. Earn 320 more growth to keep it.",
    ],
    [
      "tier_entry",
      { tier, coupon },
      "恭喜升级为钻粉！「满100减30」已放入您的钱包。",
      "Welcome to Gold! Your coupon “¥30 off ¥100” is in your wallet.",
    ],
    ["birthday", {}, "生日快乐！祝您生日周开心。", "Happy birthday! Have a lovely birthday week."],
    [
      "segment_entered",
      { segment: "high_value" },
      "谢谢您一直以来的支持！",
      "Thank you for being one of our best customers!",
    ],
  ] as const)("%s %j", (kind, params, zh, en) => {
    expect(touchWords(kind, params as TouchParams)).toEqual({ "zh-CN": zh, en });
  });

  it("every kind and segment reads as a short message, with or without a coupon, in both languages", () => {
    const cases: TouchParams[] = [{}, { coupon, product, tier, days: 2, points: 100, step: 2 }];
    for (const kind of TOUCH_KINDS) {
      for (const segment of SEGMENTS) {
        for (const params of cases) {
          const words = touchWords(kind, { ...params, segment });
          for (const text of [words["zh-CN"], words.en]) {
            expect(text.length).toBeGreaterThan(5);
            expect(text.length).toBeLessThanOrEqual(110);
            expect(text).not.toMatch(/undefined|null|NaN|\{|\}|_/);
          }
          expect(words["zh-CN"]).toMatch(/[\u4e00-\u9fff]/);
          expect(words.en).not.toMatch(/[\u4e00-\u9fff]/);
        }
      }
    }
  });
});
