import { localized } from "../i18n/index.js";
import { CommentBox, Ticker } from "./Chat.js";
import { InboxButton } from "./InboxButton.js";
import { LazyPanel } from "./LazyPanel.js";
import { PointsPill } from "./Points.js";
import { reactive, useWidget } from "./reactive.js";
import { ShelfButton } from "./ShelfButton.js";
import { Status } from "./Status.js";

/** Announcements for screen readers: deals as they start, results and points as they arrive. */
const LiveRegion = reactive(function LiveRegion() {
  const { models, m, locale } = useWidget();
  const offer = models.offer.offer.value;
  const outcome = models.offer.outcome.value;
  const gain = models.wallet.gain.value;
  const deal =
    offer && models.offer.live.value
      ? m.deal.announce(localized(offer.coupon.name, locale), offer.keyword, offer.stock)
      : "";
  const result =
    outcome?.result === "won"
      ? m.deal.won
      : outcome?.result === "entered"
        ? m.deal.entered
        : outcome?.result === "refused"
          ? m.deal.refusals[outcome.reason]
          : "";
  return (
    <>
      <p class="sr-only" aria-live="polite" data-testid="announce-deal">
        {deal}
      </p>
      <p class="sr-only" aria-live="assertive" data-testid="announce-result">
        {result}
      </p>
      <p class="sr-only" aria-live="polite">
        {gain ? m.gainAnnounce(gain.amount) : ""}
      </p>
    </>
  );
});

/** The viewer overlay, laid out for a phone held upright over the stream. */
export const Overlay = reactive(function Overlay() {
  const { models, m, video } = useWidget();
  const collapsed = models.collapsed.value;
  // each panel beyond the first screen is fetched the first time it has something to show
  const notices =
    models.watch.memberDay.value || models.watch.campaign.value || models.connection.room.value?.live === false;
  const toasts = Boolean(models.wallet.tierUp.value || models.coupons.fresh.value || models.coupons.card.value);
  const chest = Boolean(models.watch.chest.value || models.watch.chestError.value);
  const deal = Boolean(models.offer.offer.value && models.offer.visible.value);
  const greet = Boolean(models.chat.entrances.value || models.chat.greeting.value || models.chat.stage.value);
  return (
    <div
      lang={m.locale}
      class="encore relative h-full w-full overflow-clip font-(family-name:--encore-font) text-[14px] leading-normal text-(--encore-ink) antialiased"
      data-status={models.connection.status.value}
    >
      {video?.player && <LazyPanel name="stage" quiet />}
      <div class="pointer-events-none absolute inset-x-3 top-3 mx-auto flex max-w-md flex-col gap-2">
        <Status />
        {notices && <LazyPanel name="notices" quiet />}
        {models.gate.value && <LazyPanel name="gate" quiet />}
        {deal && <LazyPanel name="deal" quiet />}
        {!collapsed && toasts && <LazyPanel name="toasts" quiet />}
        {!collapsed && greet && <LazyPanel name="greet" quiet />}
      </div>
      {/* one column at the bottom: the ticker and the pill share a row, so comments never run under the pill */}
      <div class="pointer-events-none absolute inset-x-3 bottom-3 flex flex-col gap-2">
        {/* the product card gets a row of its own, so the comments keep their width beside the pill */}
        {!collapsed && models.products.featured.value && (
          <div class="flex justify-end">
            <LazyPanel name="product" quiet />
          </div>
        )}
        <div class="flex items-end gap-2">
          <div class="min-w-0 flex-1">{!collapsed && <Ticker />}</div>
          <div class="flex shrink-0 flex-col items-end gap-3">
            {!collapsed && (
              <>
                {chest && <LazyPanel name="chest" quiet />}
                <InboxButton />
                <ShelfButton />
              </>
            )}
            <div class="pointer-events-auto flex items-center gap-1.5">
              <button
                type="button"
                aria-pressed={collapsed}
                aria-label={collapsed ? m.expand : m.collapse}
                onClick={models.toggleCollapsed}
                class="grid size-8 place-items-center rounded-full bg-(--encore-surface) text-xs text-(--encore-muted) shadow-lg backdrop-blur hover:text-white focus-visible:outline-2 focus-visible:outline-white"
              >
                <span aria-hidden="true">{collapsed ? "‹" : "›"}</span>
              </button>
              <PointsPill />
            </div>
          </div>
        </div>
        {!collapsed && <CommentBox />}
      </div>
      {models.products.shelfOpen.value && <LazyPanel name="shelf" />}
      {models.panelOpen.value && <LazyPanel name="membership" />}
      {models.inbox.open.value && <LazyPanel name="inbox" />}
      <LiveRegion />
    </div>
  );
});
