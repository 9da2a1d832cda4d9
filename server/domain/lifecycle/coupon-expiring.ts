import type { AutomationsConfig, CouponState, LocalizedText } from "../../../protocol/index.js";
import { effectiveState } from "../coupons.js";
import type { Due } from "./due.js";
import { addLocalDays } from "./zoned.js";

export interface HeldCouponFacts {
  code: string;
  name: LocalizedText;
  state: CouponState;
  issuedAt: number;
  expiresAt: number;
}

/**
 * A reminder `daysBefore` local days before an unused coupon expires, once per coupon. A coupon
 * that lives no longer than the lead (a 1-day flash coupon) gets none: it would be reminded of
 * the moment it arrives.
 */
export function couponExpiringDue(
  viewerId: string,
  coupons: readonly HeldCouponFacts[],
  config: AutomationsConfig["couponExpiring"],
  now: number,
  timeZone: string,
): Due[] {
  if (!config.enabled) return [];
  return coupons.flatMap((coupon): Due[] => {
    if (effectiveState(coupon, now) !== "issued") return [];
    const dueAt = addLocalDays(coupon.expiresAt, -config.daysBefore, timeZone);
    if (dueAt <= coupon.issuedAt) return [];
    return [
      {
        kind: "coupon_expiring",
        viewerId,
        key: `coupon_expiring:${coupon.code}`,
        dueAt,
        expiresAt: coupon.expiresAt,
        templateId: config.templateId,
        params: { coupon: coupon.name, days: config.daysBefore },
      },
    ];
  });
}
