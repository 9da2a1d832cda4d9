import type { AutomationsConfig, LocalizedText } from "../../../protocol/index.js";
import { NEW_BUYER_MS } from "../segments.js";
import type { Due } from "./due.js";
import { addLocalDays } from "./zoned.js";

export interface FirstOrder {
  orderId: string;
  paidAt: number;
  /** the come-back coupon the first order granted, if the shop set one: the thank-you points to it */
  couponName: LocalizedText | null;
}

/** The thank-you `afterDays` local days after the first (unrefunded) order, once per viewer. */
export function firstOrderDue(
  viewerId: string,
  first: FirstOrder | null,
  config: AutomationsConfig["firstOrder"],
  timeZone: string,
): Due[] {
  if (!config.enabled || first === null) return [];
  const dueAt = addLocalDays(first.paidAt, config.afterDays, timeZone);
  return [
    {
      kind: "first_order",
      viewerId,
      // one first order per viewer: a refunded first order makes the next one first, with its own key
      key: `first_order:${first.orderId}`,
      dueAt,
      // a thank-you belongs to the new-buyer days; later it reads as a mistake
      expiresAt: Math.max(dueAt + 1, first.paidAt + NEW_BUYER_MS),
      templateId: config.templateId,
      params: first.couponName ? { coupon: first.couponName } : {},
    },
  ];
}
