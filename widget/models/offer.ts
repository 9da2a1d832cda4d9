import { listen } from "../../client/listen.js";
import type { AckCode, Transport } from "../../client/transport.js";
import type { CouponView } from "../../protocol/coupons.js";
import { ServerEvent } from "../../protocol/events.js";
import type { ClaimOutcome, OfferView } from "../../protocol/live.js";
import { computed, effect, type ReadonlySignal, signal } from "../core/signals.js";

const TICK_MS = 250;

/**
 * The live 扣1 offer: what is on offer, stock left, time left, and this viewer's outcome.
 * Claiming is commenting the keyword; the comment's ack carries the outcome, so the result shows
 * as soon as the server decides, and `offer:result` covers other tabs and the end of a draw.
 * A win's coupon comes inside that one message (no separate coupon push): `onWon` hands it on.
 */
export function createOffer(
  transport: Transport,
  clockOffset: ReadonlySignal<number>,
  onWon: (coupon: CouponView) => void = () => {},
) {
  const offer = signal<OfferView | null>(null);
  const remaining = signal(0);
  const outcome = signal<ClaimOutcome | null>(null);
  const error = signal<AckCode | null>(null);
  const pending = signal(false);
  const now = signal(Date.now() + clockOffset.peek());

  const show = (next: OfferView | null) => {
    if (next?.id !== offer.peek()?.id) {
      outcome.value = null;
      error.value = null;
    }
    offer.value = next;
    remaining.value = next?.remaining ?? 0;
    now.value = Date.now() + clockOffset.peek();
  };
  /** `fresh`: the outcome is news (an ack or a push), not a snapshot restating what the wallet already holds */
  const applyOutcome = (next: ClaimOutcome | null, fresh = true) => {
    if (!next || next.offerId !== offer.peek()?.id) return;
    // a draw's final answer replaces "entered"; nothing replaces a win
    if (outcome.peek()?.result === "won") return;
    outcome.value = next;
    error.value = null;
    if (fresh && next.result === "won") onWon(next.coupon);
  };

  const disposeEvents = effect(() =>
    listen(transport, {
      [ServerEvent.snapshot]: (snapshot) => {
        show(snapshot.offer);
        applyOutcome(snapshot.claim, false);
      },
      [ServerEvent.offer]: show,
      [ServerEvent.offerStock]: (stock) => {
        if (stock.offerId === offer.peek()?.id) remaining.value = stock.remaining;
      },
      [ServerEvent.offerResult]: (next) => applyOutcome(next),
    }),
  );

  // An offer is over once its end has passed, whether or not the server could say so: offline,
  // the banner must not keep a deal open at "0s".
  const live = computed(() => offer.value?.status === "live" && now.value < offer.value.endsAt);
  // the countdown ticks only while an offer is live
  const disposeClock = effect(() => {
    if (!live.value) return;
    const tick = () => {
      now.value = Date.now() + clockOffset.peek();
    };
    tick();
    const timer = setInterval(tick, TICK_MS);
    return () => clearInterval(timer);
  });

  const secondsLeft = computed(() => (live.value ? Math.ceil(((offer.value?.endsAt ?? 0) - now.value) / 1000) : 0));

  return {
    offer,
    remaining,
    outcome,
    error,
    pending,
    live,
    secondsLeft,
    /** the banner is worth showing: a live offer, or the viewer's result (or failed claim) in the one that just ended */
    visible: computed(() => live.value || (offer.value !== null && (outcome.value !== null || error.value !== null))),
    applyOutcome,
    /** a claim failed before reaching a decision (rate limit, no answer, no link) */
    fail(code: AckCode) {
      error.value = code;
    },
    setPending(value: boolean) {
      pending.value = value;
    },
    dismiss() {
      if (!live.value) show(null);
    },
    dispose() {
      disposeEvents();
      disposeClock();
    },
  };
}
export type OfferModel = ReturnType<typeof createOffer>;

/** Sends the offer's keyword as a comment: the "1" button and typing "1" are the same claim. */
export function keywordOf(offer: OfferView | null): string | null {
  return offer && offer.status === "live" ? offer.keyword : null;
}
