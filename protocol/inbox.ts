import { z } from "zod";
import { CouponView } from "./coupons.js";
import { TouchKind } from "./lifecycle.js";

/*
 * The viewer's "for you" inbox: the touches the automations between lives sent. Kept apart from
 * lifecycle.ts, which config.ts imports: a coupon in a touch would close an import cycle there.
 */

/** A touch's message in every locale the widget speaks; fixed when the touch is made. */
export const TouchWords = z.object({ "zh-CN": z.string(), en: z.string() });
export type TouchWords = z.infer<typeof TouchWords>;

/** One item of the widget's "for you" inbox, and the body of the `viewer.touch` webhook's touch. */
export const TouchView = z.object({
  id: z.string(),
  kind: TouchKind,
  words: TouchWords,
  coupon: CouponView.nullable(),
  createdAt: z.number().int(),
  seen: z.boolean(),
});
export type TouchView = z.infer<typeof TouchView>;

/** The viewer's side of "for you": what the snapshot tells the widget before the inbox is opened. */
export const InboxState = z.object({
  /** touches sent and not yet seen: the badge on the inbox button */
  unseen: z.number().int(),
  /** the viewer asked for no touches between lives (widget setting or the shop's API) */
  optedOut: z.boolean(),
});
export type InboxState = z.infer<typeof InboxState>;
