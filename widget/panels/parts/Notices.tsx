/**
 * What the overlay says beyond the first screen, each only while it applies: member day, the room
 * off air (with the reminder), a new tier, a fresh coupon, the segment card. Loaded with the
 * banners and toasts panels the first time one of them has something to say.
 */
import { errorText, localized, yuan } from "../../i18n/index.js";
import { reactive } from "../../ui/reactive.js";
import { usePanelWidget } from "../words/use-words.js";
import { couponActions } from "./coupon-actions.js";

const toast =
  "pointer-events-auto flex items-start gap-2 rounded-(--encore-radius) bg-(--encore-surface) px-3 py-2 text-sm shadow-xl ring-1 ring-white/10 backdrop-blur motion-safe:animate-[encore-in_240ms_ease-out]";
const dismissButton =
  "ml-auto shrink-0 rounded-full px-2 text-xs text-(--encore-muted) hover:text-white focus-visible:outline-2 focus-visible:outline-white";

export const MemberDayBanner = reactive(function MemberDayBanner() {
  const { models, m } = usePanelWidget();
  if (!models.watch.memberDay.value) return null;
  return (
    <p
      data-testid="member-day"
      class="pointer-events-auto self-start rounded-full bg-gradient-to-r from-amber-300 to-rose-400 px-3 py-1 text-xs font-bold text-zinc-900 shadow-lg"
    >
      ✨ {m.memberDay}
    </p>
  );
});

export const TierUpToast = reactive(function TierUpToast() {
  const { models, m, locale } = usePanelWidget();
  const change = models.wallet.tierUp.value;
  if (!change) return null;
  return (
    <div role="status" class={toast}>
      <span aria-hidden="true">🎉</span>
      <span class="font-semibold">{m.tier.up(localized(change.tier.name, locale))}</span>
      <button type="button" class={dismissButton} onClick={models.wallet.dismissTierUp}>
        {m.card.dismiss}
      </button>
    </div>
  );
});

export const FreshCouponToast = reactive(function FreshCouponToast() {
  const { models, m, locale } = usePanelWidget();
  const coupon = models.coupons.fresh.value;
  if (!coupon) return null;
  return (
    <div role="status" class={toast}>
      <span aria-hidden="true">🎟️</span>
      <span>
        <span class="font-semibold">{m.coupons.fresh}</span> {localized(coupon.name, locale)}
      </span>
      <button
        type="button"
        class="ml-auto shrink-0 rounded-full bg-white/15 px-2 py-0.5 text-xs font-semibold"
        onClick={() => {
          models.coupons.dismissFresh();
          models.panelTab.value = "coupons";
          models.panelOpen.value = true;
        }}
      >
        {m.tabs.coupons}
      </button>
    </div>
  );
});

/** The segment card: a new buyer's suggestions and how membership works, or a dormant viewer's welcome back. */
export const SegmentCard = reactive(function SegmentCard() {
  const { models, m } = usePanelWidget();
  const card = models.coupons.card.value;
  if (!card) return null;
  return (
    <section data-card={card.kind} class={`${toast} flex-col`}>
      <div class="flex w-full items-center">
        <h3 class="font-semibold">{card.kind === "new_buyer" ? m.card.newBuyerTitle : m.card.dormantTitle}</h3>
        <button type="button" class={dismissButton} onClick={models.coupons.dismissCard}>
          {m.card.dismiss}
        </button>
      </div>
      {card.kind === "dormant" ? (
        <p class="text-xs text-(--encore-muted)">{m.card.dormantBody(card.points)}</p>
      ) : (
        <>
          {card.suggestions.length > 0 && (
            <>
              <p class="text-xs text-(--encore-muted)">{m.card.newBuyerBody}</p>
              <ul class="flex w-full gap-2 overflow-x-auto">
                {card.suggestions.map((p) => (
                  <li key={p.sku} class="w-24 shrink-0 rounded-lg bg-white/5 p-1.5 text-[11px]">
                    {p.image && <img src={p.image} alt="" class="mb-1 aspect-square w-full rounded object-cover" />}
                    <p class="truncate">{p.name}</p>
                    <p class="font-semibold text-(--encore-gold)">¥{yuan(p.price)}</p>
                  </li>
                ))}
              </ul>
            </>
          )}
          <p class="text-xs text-(--encore-muted)">{m.card.howItWorks}</p>
        </>
      )}
    </section>
  );
});

export const RemindMe = reactive(function RemindMe() {
  const { models, m } = usePanelWidget();
  const { reminder } = models.coupons;
  const { reminderError, toggleReminder } = couponActions(models.coupons);
  const on = reminder.value;
  return (
    <div class="flex flex-col gap-1">
      <button
        type="button"
        aria-pressed={on}
        onClick={() => (models.member.value ? void toggleReminder() : models.requestLogin("remind"))}
        class={`flex items-center justify-center gap-2 rounded-full px-4 py-2 text-sm font-semibold ring-1 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-white ${on ? "bg-white/10 text-(--encore-muted) ring-white/10" : "bg-white/90 text-zinc-900 ring-white"}`}
      >
        <span aria-hidden="true">{on ? "✓" : "+"}</span>
        {on ? m.remind.on : m.remind.off}
      </button>
      {reminderError.value && (
        <p role="alert" class="text-xs text-rose-200">
          {errorText(m, reminderError.value)}
        </p>
      )}
    </div>
  );
});

/** Between lives the main thing to offer is a reminder for the next one. */
export const OffAirBanner = reactive(function OffAirBanner() {
  const { models, m } = usePanelWidget();
  if (models.connection.room.value?.live !== false) return null;
  return (
    <section aria-label={m.remind.label} data-testid="off-air" class={`${toast} flex-col`}>
      <p class="font-semibold">{m.remind.offAir}</p>
      <RemindMe />
    </section>
  );
});
