import { listen } from "../../client/listen.js";
import { locateCard } from "../../client/product-image.js";
import type { Transport } from "../../client/transport.js";
import type { CouponView, ExchangeItem } from "../../protocol/coupons.js";
import { ClientEvent, ServerEvent } from "../../protocol/events.js";
import type { ViewerCard } from "../../protocol/live.js";
import type { ExchangeResult, WalletUpdate } from "../../protocol/wire.js";
import { effect, signal } from "../core/signals.js";
import { storage } from "../core/storage.js";

/**
 * A segment card (the new buyer's thanks, the dormant viewer's welcome back) is a nudge: shown
 * once per viewer on this device, not once per visit. Another welcome back needs another spell
 * away, and a viewer is dormant only after 30 days without watching, so a card seen within that
 * long stays quiet.
 */
const CARD_QUIET_MS = 30 * 24 * 3600 * 1000;

function cardNudges() {
  /** cards shown or dismissed during this visit, which a fresh snapshot must not undo */
  const shown = new Set<string>();
  const dismissed = new Set<string>();
  const keyOf = (viewerId: string, card: NonNullable<ViewerCard>) => `card:${viewerId}:${card.kind}`;
  return {
    /** the card to show now, recording its first showing */
    admit(viewerId: string | null, card: ViewerCard, now = Date.now()): ViewerCard {
      if (!card || !viewerId) return card;
      const key = keyOf(viewerId, card);
      if (dismissed.has(key)) return null;
      if (shown.has(key)) return card;
      const seen = Number(storage.get(key));
      if (seen > 0 && now - seen < CARD_QUIET_MS) return null;
      storage.set(key, String(now));
      shown.add(key);
      return card;
    },
    dismiss(viewerId: string | null, card: ViewerCard) {
      if (card && viewerId) dismissed.add(keyOf(viewerId, card));
    },
  };
}

export interface CouponsHooks {
  applyWallet(update: WalletUpdate): void;
  /** a coupon arrived or changed: the page hears about it through Encore.on("coupon") */
  onCoupon(coupon: CouponView): void;
}

/**
 * The coupon wallet and what feeds it: the points catalogue, the viewer's segment card and the
 * "remind me" switch for the next live.
 */
export function createCoupons(transport: Transport, hooks: CouponsHooks, server = "") {
  const coupons = signal<CouponView[]>([]);
  const catalogue = signal<ExchangeItem[]>([]);
  const card = signal<ViewerCard>(null);
  const reminder = signal(false);
  /** the newest coupon received during this visit, for a moment of celebration */
  const fresh = signal<CouponView | null>(null);
  const nudges = cardNudges();
  let viewerId: string | null = null;

  const upsert = (coupon: CouponView) => {
    coupons.value = [coupon, ...coupons.peek().filter((c) => c.code !== coupon.code)];
  };
  /** a coupon granted or changed, from a push or from the claim outcome that carries a deal's coupon */
  const receive = (coupon: CouponView) => {
    const known = coupons.peek().some((c) => c.code === coupon.code);
    upsert(coupon);
    if (!known && coupon.state === "issued") fresh.value = coupon;
    hooks.onCoupon(coupon);
  };

  const dispose = effect(() =>
    listen(transport, {
      [ServerEvent.snapshot]: (snapshot) => {
        coupons.value = snapshot.coupons;
        catalogue.value = snapshot.catalogue;
        viewerId = snapshot.viewer?.id ?? null;
        card.value = nudges.admit(viewerId, locateCard(snapshot.card, server));
        reminder.value = snapshot.reminder;
      },
      [ServerEvent.coupon]: receive,
      [ServerEvent.card]: (next) => {
        card.value = nudges.admit(viewerId, locateCard(next, server));
      },
    }),
  );

  return {
    coupons,
    catalogue,
    card,
    reminder,
    fresh,
    /** borrowed by the panels' own calls (coupon-actions.ts) */
    transport,
    receive,
    /**
     * An exchange's ack (widget/panels/parts/coupon-actions.ts): the ack is this tab's only word
     * of it (the push goes to the viewer's other tabs); a coupon already known came by a push
     * before the ack and was told then.
     */
    exchanged(update: ExchangeResult) {
      hooks.applyWallet(update);
      const known = coupons.peek().some((c) => c.code === update.coupon.code);
      upsert(update.coupon);
      fresh.value = update.coupon;
      if (!known) hooks.onCoupon(update.coupon);
    },
    /** a product click on the host page, for the high-intent segment */
    async track(sku: string) {
      const result = await transport.call(ClientEvent.track, { event: "product_click", sku });
      return result.ok;
    },
    dismissFresh() {
      fresh.value = null;
    },
    dismissCard() {
      nudges.dismiss(viewerId, card.peek());
      card.value = null;
    },
    dispose,
  };
}
export type CouponsModel = ReturnType<typeof createCoupons>;
