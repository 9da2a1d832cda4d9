/**
 * The campaign banner: a running campaign (or member day) with what it multiplies and the time
 * left, or one about to start counting down to it. Times are the server's: the connection's clock
 * offset corrects the device's clock. Lives in the notices panel, off the first load.
 */
import type { ComponentChildren } from "preact";
import { signal } from "../../core/signals.js";
import { localized } from "../../i18n/index.js";
import { reactive } from "../../ui/reactive.js";
import { usePanelWidget } from "../words/use-words.js";

const now = signal(Date.now());
let timer: ReturnType<typeof setInterval> | undefined;

/** One ticker while a banner is on screen; preact hands the ref null on unmount, which stops it. */
function ticking(element: HTMLElement | null) {
  if (element && !timer) {
    timer = setInterval(() => (now.value = Date.now()), 1000);
    // the module's first reading may be from long before this banner appears
    now.value = Date.now();
  }
  if (!element && timer) {
    clearInterval(timer);
    timer = undefined;
  }
}

/** h:mm:ss, the hours unbounded (a campaign announced a day ahead reads 23:59:59). */
export function countdown(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  const two = (n: number) => String(n).padStart(2, "0");
  return `${Math.floor(s / 3600)}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}`;
}

export const CampaignBanner = reactive(function CampaignBanner({ fallback }: { fallback: ComponentChildren }) {
  const { models, m, locale } = usePanelWidget();
  const run = models.watch.campaign.value;
  const at = now.value + models.connection.clockOffset.value;
  if (!run || at >= run.endsAt) return fallback;
  const upcoming = at < run.startsAt;
  const multipliers = [
    run.watchMultiplier > 1 ? m.campaign.watch(run.watchMultiplier) : null,
    run.orderMultiplier > 1 ? m.campaign.order(run.orderMultiplier) : null,
  ].filter(Boolean);
  return (
    <section
      ref={ticking}
      data-testid="campaign"
      data-state={upcoming ? "upcoming" : "running"}
      class="pointer-events-auto flex flex-wrap items-center gap-x-2 gap-y-0.5 self-start rounded-2xl bg-gradient-to-r from-amber-300 to-rose-400 px-3 py-1 text-xs text-zinc-900 shadow-lg"
    >
      <span class="font-bold">
        <span aria-hidden="true">✨ </span>
        {localized(run.name, locale)}
      </span>
      {multipliers.length > 0 && <span>{multipliers.join(" · ")}</span>}
      <span class="font-semibold tabular-nums" role="timer">
        {upcoming ? m.campaign.startsIn(countdown(run.startsAt - at)) : m.campaign.endsIn(countdown(run.endsAt - at))}
      </span>
    </section>
  );
});
