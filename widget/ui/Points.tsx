import { localized } from "../i18n/index.js";
import { reactive, useWidget } from "./reactive.js";
import { TierBadge } from "./Tier.js";

/** The always-visible pill: points, tier, a +N when points arrive; it opens the panel. */
export const PointsPill = reactive(function PointsPill() {
  const { models, m, locale } = useWidget();
  const wallet = models.wallet.wallet.value;
  const gain = models.wallet.gain.value;
  const stale = models.connection.stale.value;
  const open = models.panelOpen.value;
  return (
    <div class="relative">
      {gain && (
        <span
          key={gain.seq}
          data-testid="gain"
          aria-hidden="true"
          class="absolute -top-7 right-2 rounded-full bg-(--encore-gold) px-2 py-0.5 text-sm font-extrabold text-zinc-900 shadow-lg motion-safe:animate-[encore-rise_2.4s_ease-out_both]"
        >
          {m.gain(gain.amount)}
        </span>
      )}
      <button
        type="button"
        aria-expanded={open}
        aria-haspopup="dialog"
        data-stale={stale ? "true" : undefined}
        onClick={() => {
          models.panelOpen.value = !open;
        }}
        class={`flex items-center gap-2 rounded-full border border-white/20 bg-(--encore-surface) py-1.5 pr-3 pl-1.5 shadow-xl backdrop-blur transition-all hover:border-white/40 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-white ${stale ? "opacity-60" : ""}`}
      >
        {wallet ? (
          <>
            <TierBadge index={wallet.tier.index} name={localized(wallet.tier.name, locale)} />
            <span class="flex flex-col items-start leading-none">
              <span data-testid="points" class="text-base font-bold tabular-nums">
                {wallet.points.toLocaleString(locale)}
              </span>
              <span class="text-[11px] text-(--encore-muted)">{stale ? m.status.stale : m.points}</span>
            </span>
          </>
        ) : (
          // a guest's call to log in is the comment box's; here the pill opens what membership gives
          <span class="px-1.5 text-sm font-semibold">{models.connection.guest.value ? m.memberPerks : m.brand}</span>
        )}
        {/* the name is what the pill shows, then what it does: a spoken name must contain the visible one */}
        <span class="sr-only">{m.openPanel}</span>
      </button>
    </div>
  );
});
