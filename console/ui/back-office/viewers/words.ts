import type { CouponSource, CouponState } from "../../../../protocol/coupons.js";
import type { Automation, Segment } from "../../../../protocol/index.js";
import type { PointReason } from "../../../../protocol/wire.js";
import type { HostLocale, HostStrings } from "../../../i18n/index.js";

/*
 * The profile's codes in words: a person reads "Given by hand", never `manual`. Each lookup is
 * typed by the union it covers, so a new source, state or reason fails the type check until it
 * has its words in both locales.
 */

export const sourceWord = (t: HostStrings, source: CouponSource) => t[`vwSource_${source}`];
export const stateWord = (t: HostStrings, state: CouponState) => t[`vwState_${state}`];
export const reasonWord = (t: HostStrings, reason: PointReason) => t[`vwReason_${reason}`];
export const segmentWord = (t: HostStrings, segment: Segment) => t[`vwSegment_${segment}`];
export const automationWord = (t: HostStrings, automation: Automation) => t[`auto_${automation}`];
export const touchStatusWord = (
  t: HostStrings,
  status: "pending" | "sent" | "deferred" | "held" | "cancelled" | "holdout",
) => t[`vwTouch_${status}`];

/** A day, as the shop's people write it in their language. */
export const day = (locale: HostLocale, at: number) =>
  new Intl.DateTimeFormat(locale, { year: "numeric", month: "short", day: "numeric" }).format(new Date(at));

/** A day and a time. */
export const dayTime = (locale: HostLocale, at: number) =>
  new Intl.DateTimeFormat(locale, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" }).format(
    new Date(at),
  );

/** A signed whole number: +50, −20. */
export const signed = (n: number) => (n > 0 ? `+${n.toLocaleString("en")}` : `−${Math.abs(n).toLocaleString("en")}`);
