import type { AckCode } from "../../../client/transport.js";
import { ClientEvent } from "../../../protocol/events.js";
import { signal } from "../../core/signals.js";
import type { CouponsModel } from "../../models/coupons.js";

/**
 * What a viewer does with the wallet from an open panel: exchange points for a coupon, switch the
 * reminder for the next live. Only panels offer either, so the calls and their busy and refusal
 * states live here rather than in the first load (widget/models/coupons.ts keeps what arrives).
 * One set per widget on the page, made the first time a panel asks.
 */
export type CouponActions = ReturnType<typeof createCouponActions>;

const made = new WeakMap<CouponsModel, CouponActions>();

export function couponActions(coupons: CouponsModel): CouponActions {
  let actions = made.get(coupons);
  if (!actions) {
    actions = createCouponActions(coupons);
    made.set(coupons, actions);
  }
  return actions;
}

function createCouponActions(coupons: CouponsModel) {
  const { transport, reminder } = coupons;
  /** the template being exchanged, and the last refusal per template */
  const exchanging = signal<string | null>(null);
  const exchangeError = signal<{ templateId: string; code: AckCode } | null>(null);
  const reminderError = signal<AckCode | null>(null);
  return {
    exchanging,
    exchangeError,
    reminderError,
    async exchange(templateId: string) {
      if (exchanging.peek()) return;
      exchanging.value = templateId;
      exchangeError.value = null;
      const result = await transport.call(ClientEvent.exchange, { templateId });
      exchanging.value = null;
      if (result.ok) coupons.exchanged(result.data);
      else exchangeError.value = { templateId, code: result.error.code };
    },
    async toggleReminder() {
      const on = !reminder.peek();
      reminder.value = on;
      reminderError.value = null;
      const result = await transport.call(ClientEvent.reminder, { on });
      if (result.ok) reminder.value = result.data.on;
      else {
        reminder.value = !on;
        reminderError.value = result.error.code;
      }
    },
  };
}
