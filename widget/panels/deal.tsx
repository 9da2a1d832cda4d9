import { errorText, localized, yuan } from "../i18n/index.js";
import { reactive } from "../ui/reactive.js";
import styles from "./deal.css?inline";
import { usePanelWidget } from "./words/use-words.js";

/** this panel's own stylesheet: its classes are not in the first load's */
export const css = styles;

/**
 * The live 扣1 offer: coupon, stock, countdown, a one-tap claim, and this viewer's result. Loaded
 * the first time a deal is shown (widget/ui/LazyPanel.tsx); the claim itself, by tap or by
 * comment, and its announcement to screen readers are the first load's (models/offer.ts, Overlay).
 */
export default reactive(function Deal() {
  const { models, m, locale } = usePanelWidget();
  const { offer: model, chat } = models;
  const offer = model.offer.value;
  if (!offer || !model.visible.value) return null;
  const live = model.live.value;
  const remaining = model.remaining.value;
  const outcome = model.outcome.value;
  const seconds = model.secondsLeft.value;
  const name = localized(offer.coupon.name, locale);
  const value =
    offer.coupon.kind === "amount" ? `¥${yuan(offer.coupon.value)}` : m.coupons.percentOff(offer.coupon.value);
  const soldOut = remaining <= 0 || offer.status === "sold_out";
  const guest = !models.member.value;
  // while the link is down the stock is the last one heard: shown dimmed, like the points
  const stale = models.connection.stale.value;

  let result: { tone: "win" | "info" | "miss"; text: string } | null = null;
  if (model.pending.value) result = { tone: "info", text: m.deal.pending };
  else if (outcome?.result === "won") result = { tone: "win", text: m.deal.won };
  else if (outcome?.result === "entered") result = { tone: "info", text: m.deal.entered };
  else if (outcome?.result === "refused") result = { tone: "miss", text: m.deal.refusals[outcome.reason] };
  else if (model.error.value) result = { tone: "miss", text: errorText(m, model.error.value) };
  else if (!live) result = { tone: "miss", text: m.deal.ended };

  const canTap = live && !soldOut && outcome?.result !== "won" && outcome?.result !== "entered";
  return (
    <section
      aria-label={m.deal.label}
      data-offer={offer.id}
      class="pointer-events-auto w-full overflow-hidden rounded-(--encore-radius) bg-(--encore-surface) shadow-xl ring-1 ring-white/10 backdrop-blur motion-safe:animate-[encore-in_240ms_ease-out]"
    >
      <div class="flex items-stretch">
        <div class="flex w-22 shrink-0 flex-col items-center justify-center bg-(--encore-accent) px-2 py-2 text-(--encore-accent-ink)">
          <span class="text-xl leading-tight font-extrabold tracking-tight">{value}</span>
          <span class="text-[11px] opacity-90">
            {offer.coupon.minSpend > 0 ? m.coupons.minSpend(yuan(offer.coupon.minSpend)) : m.coupons.noMin}
          </span>
        </div>
        <div class="flex min-w-0 flex-1 flex-col gap-1 px-3 py-2">
          <div class="flex items-center gap-1.5 text-[11px] font-semibold tracking-wide text-(--encore-gold) uppercase">
            <span>{offer.mode === "draw" ? m.deal.draw : m.deal.firstCome}</span>
            {offer.minTierName && (
              <span class="rounded bg-white/10 px-1 normal-case">
                {m.deal.minTier(localized(offer.minTierName, locale))}
              </span>
            )}
          </div>
          <p class="truncate text-sm font-semibold">{name}</p>
          {/* the call to comment only while a comment can still grab it */}
          {live && !soldOut && <p class="text-xs text-(--encore-muted)">{m.deal.title(offer.keyword)}</p>}
          <div class="flex items-center gap-3 text-xs">
            <span
              data-testid="deal-stock"
              data-stale={stale ? "true" : undefined}
              class={`${soldOut ? "text-zinc-400" : "font-semibold text-(--encore-gold)"} ${stale ? "opacity-60" : ""}`}
            >
              {soldOut ? m.deal.soldOut : m.deal.left(remaining)}
            </span>
            {live && (
              <span data-testid="deal-countdown" class="tabular-nums" aria-hidden="true">
                ⏱ {m.deal.seconds(seconds)}
              </span>
            )}
          </div>
        </div>
        {live && (
          <div class="flex items-center pr-3">
            <button
              type="button"
              disabled={!canTap || model.pending.value}
              onClick={() => (guest ? models.requestLogin("claim") : void chat.claim())}
              class="grid size-12 place-items-center rounded-full bg-(--encore-accent) text-lg font-black text-(--encore-accent-ink) shadow-lg ring-2 ring-white/30 transition-all active:scale-95 disabled:opacity-40 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-white"
              aria-label={m.deal.tap(offer.keyword)}
            >
              {offer.keyword}
            </button>
          </div>
        )}
      </div>
      {outcome?.entrant && (
        <p data-testid="draw-entrant" class="flex items-center gap-2 border-t border-white/10 px-3 py-1 text-[11px]">
          <span class="min-w-0 truncate text-(--encore-muted)">{m.draw.entrant(outcome.entrant)}</span>
          {/* the record exists once the bag is drawn: its seed stays secret until then */}
          {!live && (
            <a
              href={`${models.server}/v1/offers/${encodeURIComponent(offer.id)}/draw`}
              target="_blank"
              rel="noopener"
              class="ml-auto shrink-0 font-semibold text-(--encore-gold) underline underline-offset-2"
            >
              {m.draw.check}
            </a>
          )}
        </p>
      )}
      {result && (
        <p
          data-testid="deal-result"
          data-tone={result.tone}
          class={`border-t border-white/10 px-3 py-1.5 text-xs font-medium ${
            result.tone === "win"
              ? "bg-emerald-500/20 text-emerald-200"
              : result.tone === "miss"
                ? "text-rose-200"
                : "text-sky-200"
          }`}
        >
          {result.text}
        </p>
      )}
    </section>
  );
});
