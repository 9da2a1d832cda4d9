import type { Segment, TouchKind, TouchParams, TouchWords } from "../../../protocol/index.js";

/*
 * A touch's message, as a shop would text it: short, warm, one reason to come back. The words are
 * made once, when the touch is made (with the coupon the service just issued), and stored, so the
 * webhook and the inbox say the same thing.
 */

const zhNumber = new Intl.NumberFormat("zh-CN");
const enNumber = new Intl.NumberFormat("en");

interface Parts {
  zhProduct: string;
  enProduct: string;
  zhCoupon: string | null;
  enCoupon: string | null;
  zhTier: string;
  enTier: string;
  days: number;
  zhPoints: string;
  enPoints: string;
}

function partsOf(params: TouchParams): Parts {
  const points = params.points ?? 0;
  return {
    zhProduct: params.product?.["zh-CN"] ?? "宝贝",
    enProduct: params.product?.en ?? "your last buy",
    zhCoupon: params.coupon ? `「${params.coupon["zh-CN"]}」` : null,
    enCoupon: params.coupon ? `“${params.coupon.en}”` : null,
    zhTier: params.tier?.["zh-CN"] ?? "会员",
    enTier: params.tier?.en ?? "member",
    days: params.days ?? 0,
    zhPoints: zhNumber.format(points),
    enPoints: enNumber.format(points),
  };
}

const zhIn = (days: number) => (days <= 1 ? "明天" : `${days}天后`);
const enIn = (days: number) => (days <= 1 ? "tomorrow" : `in ${days} days`);

const SEGMENT_WORDS: Record<Segment, TouchWords> = {
  high_intent: { "zh-CN": "看中的宝贝还在等您。", en: "The one you had your eye on is still here." },
  new_buyer: { "zh-CN": "欢迎成为我们的新朋友！", en: "Welcome aboard, and thanks for your order!" },
  dormant: { "zh-CN": "好久不见，直播间上新了。", en: "It's been a while: there's new stuff in the live room." },
  high_value: { "zh-CN": "谢谢您一直以来的支持！", en: "Thank you for being one of our best customers!" },
  price_sensitive: { "zh-CN": "好价不等人，给您留了一份。", en: "A good deal, saved just for you." },
  watched_not_bought: {
    "zh-CN": "谢谢您常来看直播！",
    en: "Thanks for watching our lives so often!",
  },
};

function withCoupon(base: TouchWords, p: Parts, zh: (c: string) => string, en: (c: string) => string): TouchWords {
  if (p.zhCoupon === null || p.enCoupon === null) return base;
  return { "zh-CN": `${base["zh-CN"]}${zh(p.zhCoupon)}`, en: `${base.en} ${en(p.enCoupon)}` };
}

/** The message of a touch in zh-CN and en. */
export function touchWords(kind: TouchKind, params: TouchParams): TouchWords {
  const p = partsOf(params);
  switch (kind) {
    case "replenish":
      return withCoupon(
        { "zh-CN": `您的${p.zhProduct}快用完了吧？`, en: `Running low on ${p.enProduct}?` },
        p,
        (c) => `送您${c}，回购更划算。`,
        (c) => `Here's a coupon for your next one: ${c}.`,
      );
    case "first_order":
      return withCoupon(
        { "zh-CN": "感谢您的首单！", en: "Thanks for your first order!" },
        p,
        (c) => `${c}已在您的钱包里，下次用上吧。`,
        (c) => `Your coupon ${c} is waiting in your wallet.`,
      );
    case "coupon_expiring":
      return {
        "zh-CN": `您的${p.zhCoupon ?? "优惠券"}${zhIn(p.days)}到期，别浪费了。`,
        en: `Your coupon${p.enCoupon ? ` ${p.enCoupon}` : ""} expires ${enIn(p.days)}. Don't let it go to waste.`,
      };
    case "win_back": {
      const step = params.step ?? 1;
      const base: TouchWords =
        step >= 3
          ? { "zh-CN": "想您了！这是我们的一点心意。", en: "We really miss you." }
          : step === 2
            ? {
                "zh-CN": "好久不见，直播间上了不少新品。",
                en: "It's been a while, and there's lots new in the live room.",
              }
            : { "zh-CN": "好久不见！回来看看吧。", en: "We miss you! Come back and see what's new." };
      return withCoupon(
        base,
        p,
        (c) => `送您${c}。`,
        (c) => `Here's a coupon for you: ${c}.`,
      );
    }
    case "points_expiring":
      return {
        "zh-CN": `您的${p.zhPoints}积分将在${zhIn(p.days)}过期，快来兑换吧。`,
        en: `Your ${p.enPoints} points expire ${enIn(p.days)}. Use them before they're gone.`,
      };
    case "points_expired":
      return {
        "zh-CN": `您的${p.zhPoints}积分已过期。来看直播，积分很快又能攒起来。`,
        en: `Your ${p.enPoints} points have expired. Watch a live to start earning again.`,
      };
    case "tier_downgrade_notice":
      return {
        "zh-CN": `您的${p.zhTier}身份将在${zhIn(p.days)}到期，再攒${p.zhPoints}成长值即可保级。`,
        en: `Your ${p.enTier} status ends ${enIn(p.days)}. Earn ${p.enPoints} more growth to keep it.`,
      };
    case "tier_entry":
      return withCoupon(
        { "zh-CN": `恭喜升级为${p.zhTier}！`, en: `Welcome to ${p.enTier}!` },
        p,
        (c) => `${c}已放入您的钱包。`,
        (c) => `Your coupon ${c} is in your wallet.`,
      );
    case "birthday":
      return withCoupon(
        { "zh-CN": "生日快乐！祝您生日周开心。", en: "Happy birthday! Have a lovely birthday week." },
        p,
        (c) => `生日礼${c}已放入您的钱包。`,
        (c) => `Your birthday gift ${c} is in your wallet.`,
      );
    case "segment_entered":
      return withCoupon(
        SEGMENT_WORDS[params.segment ?? "high_value"],
        p,
        (c) => `送您${c}。`,
        (c) => `Here's a coupon for you: ${c}.`,
      );
  }
}
