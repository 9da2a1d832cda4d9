import { localized } from "../../i18n/index.js";
import { reactive } from "../../ui/reactive.js";
import { TierBadge } from "../../ui/Tier.js";
import { usePanelWidget } from "../words/use-words.js";

/** Tier, progress to the next one, what this tier gives and what the next one adds. */
export const TierCard = reactive(function TierCard() {
  const { models, m, locale } = usePanelWidget();
  const wallet = models.wallet.wallet.value;
  const watch = models.watch.status.value;
  if (!wallet) return null;
  const { tier } = wallet;
  const pct = Math.round(Math.max(0, Math.min(1, tier.progress)) * 100);
  return (
    <div class="flex flex-col gap-3">
      <div class="rounded-xl bg-white/5 p-3 ring-1 ring-white/10">
        <div class="flex items-center justify-between gap-2">
          <TierBadge index={tier.index} name={localized(tier.name, locale)} />
          <span class="text-xs text-(--encore-muted)">
            {wallet.growth.toLocaleString(locale)} {m.tier.growth} · {m.tier.multiplier(tier.multiplier)}
          </span>
        </div>
        <div
          role="progressbar"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={pct}
          aria-label={tier.next ? m.tier.toNext(tier.next.remaining, localized(tier.next.name, locale)) : m.tier.top}
          class="mt-3 h-2 overflow-hidden rounded-full bg-white/10"
        >
          <div
            class="h-full rounded-full bg-gradient-to-r from-(--encore-accent) to-(--encore-gold) motion-safe:transition-all"
            style={{ width: `${pct}%` }}
          />
        </div>
        <p class="mt-1.5 text-xs text-(--encore-muted)">
          {tier.next ? m.tier.toNext(tier.next.remaining, localized(tier.next.name, locale)) : m.tier.top}
        </p>
        {watch && (
          <p class="mt-1 text-xs text-(--encore-muted)">
            {watch.todayPoints >= watch.dailyCap
              ? m.watch.capped
              : `${m.watch.nextBlock(watch.nextBlockPoints, watch.blockSeconds)} · ${m.watch.today(watch.todayPoints, watch.dailyCap)}`}
          </p>
        )}
      </div>
      <div>
        <h3 class="mb-1.5 text-xs font-semibold text-(--encore-muted)">{m.tier.perks}</h3>
        <ul class="flex flex-wrap gap-1.5">
          {tier.perks.map((perk) => (
            <li key={perk.en} class="rounded-full bg-white/10 px-2.5 py-1 text-xs">
              {localized(perk, locale)}
            </li>
          ))}
        </ul>
      </div>
      {tier.next && tier.next.perks.length > tier.perks.length && (
        <div>
          <h3 class="mb-1.5 text-xs font-semibold text-(--encore-muted)">
            {m.tier.nextPerks(localized(tier.next.name, locale))}
          </h3>
          <ul class="flex flex-wrap gap-1.5">
            {tier.next.perks
              .filter((perk) => !tier.perks.some((p) => p.en === perk.en))
              .map((perk) => (
                <li
                  key={perk.en}
                  class="rounded-full border border-dashed border-white/25 px-2.5 py-1 text-xs text-(--encore-muted)"
                >
                  {localized(perk, locale)}
                </li>
              ))}
          </ul>
        </div>
      )}
    </div>
  );
});
