import { localized } from "../i18n/index.js";
import { reactive } from "../ui/reactive.js";
import { TierBadge } from "../ui/Tier.js";
import { CouponWallet, Exchange } from "./membership/Coupons.js";
import { InviteCard } from "./membership/InviteCard.js";
import { LoginCall } from "./membership/LoginCall.js";
import { TierCard } from "./membership/TierCard.js";
import styles from "./membership.css?inline";
import { focusOnMount } from "./parts/focus.js";
import { RemindMe } from "./parts/Notices.js";
import { usePanelWidget } from "./words/use-words.js";

/** this panel's own stylesheet: its classes are not in the first load's */
export const css = styles;

type Tab = "me" | "coupons" | "exchange";
const TABS: Tab[] = ["me", "coupons", "exchange"];

/**
 * The membership sheet: tier and perks, coupon wallet, exchange. Loaded the first time the
 * viewer opens it (widget/ui/LazyPanel.tsx), shown while models.panelOpen is on. Escape closes it.
 */
export default reactive(function MembershipPanel() {
  const { models, m, locale } = usePanelWidget();
  const tab = models.panelTab.value;
  const setTab = (next: Tab) => {
    models.panelTab.value = next;
  };
  const wallet = models.wallet.wallet.value;
  const close = () => {
    models.panelOpen.value = false;
  };
  return (
    <section
      role="dialog"
      aria-label={m.openPanel}
      onKeyDown={(event) => {
        if (event.key === "Escape") close();
      }}
      class="pointer-events-auto absolute inset-x-0 bottom-0 flex max-h-[78%] flex-col rounded-t-3xl bg-zinc-950/95 text-(--encore-ink) shadow-2xl ring-1 ring-white/10 backdrop-blur motion-safe:animate-[encore-up_220ms_ease-out]"
    >
      <header class="flex items-center gap-3 px-4 pt-4 pb-2">
        {wallet && <TierBadge index={wallet.tier.index} name={localized(wallet.tier.name, locale)} />}
        <h2 ref={focusOnMount} tabIndex={-1} class="text-lg font-bold tabular-nums outline-none">
          {wallet ? `${wallet.points.toLocaleString(locale)} ${m.points}` : m.brand}
        </h2>
        <button
          type="button"
          onClick={close}
          class="ml-auto grid size-8 place-items-center rounded-full bg-white/10 text-sm hover:bg-white/20 focus-visible:outline-2 focus-visible:outline-white"
          aria-label={m.closePanel}
        >
          ✕
        </button>
      </header>
      <div role="tablist" class="flex gap-1 px-4">
        {TABS.map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            aria-selected={tab === t}
            onClick={() => setTab(t)}
            onKeyDown={(event) => {
              const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
              if (step) setTab(TABS[(TABS.indexOf(t) + step + TABS.length) % TABS.length] ?? "me");
            }}
            class={`rounded-full px-3 py-1.5 text-sm font-semibold focus-visible:outline-2 focus-visible:outline-white ${tab === t ? "bg-white text-zinc-900" : "text-(--encore-muted) hover:text-white"}`}
          >
            {m.tabs[t]}
            {t === "coupons" && models.coupons.coupons.value.length > 0 && (
              <span class="ml-1 text-xs opacity-70">
                {models.coupons.coupons.value.filter((c) => c.state === "issued").length}
              </span>
            )}
          </button>
        ))}
      </div>
      <div role="tabpanel" class="min-h-0 flex-1 overflow-y-auto overscroll-contain px-4 pt-3 pb-5">
        {tab === "me" && (
          <div class="flex flex-col gap-3">
            {models.member.value ? <TierCard /> : <LoginCall />}
            {models.member.value && <InviteCard />}
            <RemindMe />
          </div>
        )}
        {tab === "coupons" && (models.member.value ? <CouponWallet /> : <LoginCall />)}
        {tab === "exchange" && <Exchange />}
      </div>
    </section>
  );
});
