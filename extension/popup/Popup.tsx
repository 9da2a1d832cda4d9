import type { ReadonlySignal, Signal } from "../../widget/core/signals.js";
import { localized } from "../../widget/i18n/index.js";
import type { Panels } from "../../widget/lazy/panels.js";
import { TouchList } from "../../widget/panels/inbox/TouchList.js";
import { CouponWallet } from "../../widget/panels/membership/Coupons.js";
import { TierCard } from "../../widget/panels/membership/TierCard.js";
import { usePanelWidget } from "../../widget/panels/words/use-words.js";
import { type WidgetContext, WidgetRoot } from "../../widget/ui/context.js";
import { reactive } from "../../widget/ui/reactive.js";
import { TierBadge } from "../../widget/ui/Tier.js";
import type { ExtensionWords } from "../i18n/index.js";
import type { FollowingState } from "./following-model.js";
import type { PopupState } from "./session-model.js";

export interface PopupProps {
  state: ReadonlySignal<PopupState>;
  words: ExtensionWords;
  /** the widget's words and language, for the widget's parts the popup shows */
  widget: Pick<WidgetContext, "m" | "locale">;
  panels: Panels;
  /** the tab shown, kept while the viewer's session changes underneath */
  tab: Signal<Tab>;
  /** the rooms the viewer follows (extension/popup/following-model.ts) */
  following: ReadonlySignal<FollowingState>;
  /** the page a followed room opens when the shop mapped it to no platform room */
  shopPage: string;
  openSignIn(): void;
  signOut(): void;
}

export type Tab = "me" | "coupons" | "inbox" | "following";
const TABS: Tab[] = ["me", "coupons", "inbox", "following"];

const button =
  "rounded-full px-4 py-2 text-sm font-bold focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-white";

/** Not signed in (or signed out by a refused token): what signing in gives, and the way to the shop's sign-in. */
function SignedOut({ words, ended, openSignIn }: { words: ExtensionWords; ended: boolean; openSignIn(): void }) {
  return (
    <main class="flex flex-col gap-3 p-4 text-(--encore-ink)">
      <h1 class="text-base font-bold">{words.popupTitle}</h1>
      <p id="status" role="status" aria-live="polite" data-signed-in="false" class="font-semibold">
        {ended ? words.sessionEnded : words.signedOut}
      </p>
      <p class="text-sm text-(--encore-muted)">{words.signInHint}</p>
      <button
        type="button"
        onClick={openSignIn}
        class={`${button} self-start bg-(--encore-accent) text-(--encore-accent-ink)`}
      >
        {words.signIn}
      </button>
    </main>
  );
}

/** The followed rooms: each title with "live now" (a link to its room) or whether it will be announced. */
const Following = reactive(function Following({
  state,
  words,
  shopPage,
}: {
  state: ReadonlySignal<FollowingState>;
  words: ExtensionWords;
  shopPage: string;
}) {
  const now = state.value;
  if (now.status !== "ok") {
    return (
      <p role="status" class="py-6 text-center text-sm text-(--encore-muted)">
        {now.status === "loading" ? words.followingLoading : words.couldNotLoad}
      </p>
    );
  }
  return (
    <ul class="flex flex-col gap-2" aria-label={words.following}>
      {now.following.rooms.map((room) => (
        <li key={room.roomId} class="flex items-center gap-3 rounded-xl bg-white/5 px-3 py-2.5">
          <div class="min-w-0 flex-1">
            <p class="truncate text-sm font-semibold" title={room.title}>
              {room.title}
            </p>
            {!room.live && (
              <p class="text-xs text-(--encore-muted)">{room.reminder ? words.remindOn : words.remindOff}</p>
            )}
          </div>
          {room.live && (
            <a
              href={room.url ?? shopPage}
              target="_blank"
              rel="noopener"
              class="shrink-0 rounded-full bg-rose-500 px-2.5 py-1 text-xs font-bold text-white no-underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-white"
            >
              {words.liveNow}
            </a>
          )}
        </li>
      ))}
    </ul>
  );
});

/** The signed-in viewer: tier and progress, the coupon wallet, the inbox; the widget's own parts. */
const Member = reactive(function Member({
  words,
  tab,
  setTab,
  signOut,
  following,
  shopPage,
}: {
  words: ExtensionWords;
  tab: Tab;
  setTab(tab: Tab): void;
  signOut(): void;
  following: ReadonlySignal<FollowingState>;
  shopPage: string;
}) {
  const { models, m, locale } = usePanelWidget();
  const wallet = models.wallet.wallet.value;
  const viewer = models.connection.viewer.value;
  const offline = models.connection.status.value === "offline";
  if (tab === "inbox") models.inbox.open.value = true;
  const label: Record<Tab, string> = {
    me: m.tabs.me,
    coupons: m.tabs.coupons,
    inbox: m.inbox.title,
    following: words.following,
  };
  return (
    <main class="flex flex-col text-(--encore-ink)">
      <header class="flex items-center gap-2 px-4 pt-4 pb-2">
        {wallet && <TierBadge index={wallet.tier.index} name={localized(wallet.tier.name, locale)} />}
        <h1 class="min-w-0 flex-1 truncate text-lg font-bold tabular-nums">
          {wallet ? `${wallet.points.toLocaleString(locale)} ${m.points}` : words.popupTitle}
        </h1>
        <button type="button" onClick={signOut} class={`${button} shrink-0 bg-white/10 py-1.5 text-xs text-white`}>
          {words.signOut}
        </button>
      </header>
      <p id="status" role="status" data-signed-in="true" class="truncate px-4 text-xs text-(--encore-muted)">
        {viewer?.name ? words.signedInAs(viewer.name) : words.signedIn}
      </p>
      {!wallet ? (
        <p role="status" class="px-4 py-8 text-center text-sm text-(--encore-muted)">
          {offline ? words.couldNotLoad : words.connecting}
        </p>
      ) : (
        <>
          <div role="tablist" class="flex gap-0.5 px-4 pt-3">
            {TABS.map((t) => (
              <button
                key={t}
                type="button"
                role="tab"
                aria-selected={tab === t}
                onClick={() => setTab(t)}
                class={`rounded-full px-2.5 py-1.5 text-sm font-semibold whitespace-nowrap focus-visible:outline-2 focus-visible:outline-white ${tab === t ? "bg-white text-zinc-900" : "text-(--encore-muted) hover:text-white"}`}
              >
                {label[t]}
                {t === "inbox" && (models.inbox.state.value?.unseen ?? 0) > 0 && (
                  <span class="ml-1 rounded-full bg-rose-500 px-1.5 text-xs text-white">
                    {models.inbox.state.value?.unseen}
                  </span>
                )}
              </button>
            ))}
          </div>
          <div role="tabpanel" aria-label={label[tab]} class="px-4 pt-3 pb-4">
            {tab === "me" && <TierCard />}
            {tab === "coupons" && <CouponWallet />}
            {tab === "inbox" && <TouchList />}
            {tab === "following" && <Following state={following} words={words} shopPage={shopPage} />}
          </div>
        </>
      )}
    </main>
  );
});

/** The popup: signed out, or the signed-in viewer's membership, in the widget's look and words. */
export const Popup = reactive(function Popup({
  state,
  words,
  widget,
  panels,
  tab,
  following,
  shopPage,
  openSignIn,
  signOut,
}: PopupProps) {
  const { models, ended } = state.value;
  if (!models) return <SignedOut words={words} ended={ended} openSignIn={openSignIn} />;
  return (
    <WidgetRoot value={{ models, panels, ...widget }}>
      <Member
        words={words}
        tab={tab.value}
        setTab={(next) => {
          tab.value = next;
        }}
        signOut={signOut}
        following={following}
        shopPage={shopPage}
      />
    </WidgetRoot>
  );
});
