import type { CouponTemplate } from "../protocol/coupons.js";
import { yuanAmount } from "./money.js";

/** What a coupon gives and from what spend: the part of a template every coupon line talks about. */
export type CouponTerms = Pick<CouponTemplate, "kind" | "value" | "minSpend">;
export type TermsLocale = "zh-CN" | "en";

/**
 * A percent off as Chinese shoppers read it, by the share still paid: 20% off is 8折, 15% off is
 * 85折 (not 8.5折), 95% off is 0.5折.
 */
export function zhDiscount(percentOff: number): string {
  const paid = 100 - percentOff;
  if (paid % 10 === 0 || paid < 10) return `${paid / 10}折`;
  return `${paid}折`;
}

/** The headline of a coupon stub: "¥20", "8折", "20% off". */
export function couponValue(locale: TermsLocale, c: CouponTerms): string {
  if (c.kind === "amount") return `¥${yuanAmount(c.value)}`;
  return locale === "zh-CN" ? zhDiscount(c.value) : `${c.value}% off`;
}

/** When a coupon applies: "满200可用", "无门槛", "orders over ¥200", "no minimum". */
export function couponCondition(locale: TermsLocale, c: CouponTerms): string {
  if (locale === "zh-CN") return c.minSpend > 0 ? `满${yuanAmount(c.minSpend)}可用` : "无门槛";
  return c.minSpend > 0 ? `orders over ¥${yuanAmount(c.minSpend)}` : "no minimum";
}

/**
 * A coupon's terms in one phrase, as a shopper says them: 满200减20, 无门槛减5, 8折, 满200享8折;
 * "¥20 off orders over ¥200", "¥5 off, no minimum", "20% off".
 */
export function couponTerms(locale: TermsLocale, c: CouponTerms): string {
  if (locale === "zh-CN") {
    if (c.kind === "amount")
      return c.minSpend > 0 ? `满${yuanAmount(c.minSpend)}减${yuanAmount(c.value)}` : `无门槛减${yuanAmount(c.value)}`;
    return c.minSpend > 0 ? `满${yuanAmount(c.minSpend)}享${zhDiscount(c.value)}` : zhDiscount(c.value);
  }
  const off = c.kind === "amount" ? `¥${yuanAmount(c.value)} off` : `${c.value}% off`;
  if (c.minSpend > 0) return `${off} orders over ¥${yuanAmount(c.minSpend)}`;
  return c.kind === "amount" ? `${off}, no minimum` : off;
}
