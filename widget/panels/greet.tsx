import { localized } from "../i18n/index.js";
import { reactive } from "../ui/reactive.js";
import { TierBadge } from "../ui/Tier.js";
import styles from "./greet.css?inline";
import { GuestCard, OnStage } from "./guest/Stage.js";
import { usePanelWidget } from "./words/use-words.js";

/** this panel's own stylesheet: its classes are not in the first load's */
export const css = styles;

/** How long entrance lines stay: long enough to read; the next crowd replaces them sooner. */
const ENTRANCE_MS = 4000;
/** the line sets already given their clock (a re-render must not restart it) */
const timed = new WeakSet<object>();

const card =
  "pointer-events-auto flex items-start gap-2 rounded-(--encore-radius) bg-(--encore-surface) px-3 py-2 text-sm shadow-xl ring-1 ring-white/10 backdrop-blur motion-safe:animate-[encore-in_240ms_ease-out]";

/**
 * Who came in (entrance lines of the tiers the shop announces), who is on stage (连麦), and the
 * host's greeting to this viewer, or their invitation on stage. Loaded the first time any of
 * these arrives (widget/ui/Overlay.tsx).
 */
export default reactive(function GreetPanel() {
  const { models, m, locale } = usePanelWidget();
  const { entrances, greeting, tiers } = models.chat;
  const lines = entrances.value;
  if (lines && !timed.has(lines)) {
    timed.add(lines);
    setTimeout(() => {
      if (entrances.peek() === lines) entrances.value = null;
    }, ENTRANCE_MS);
  }
  const hello = greeting.value;
  return (
    <>
      {lines && (
        <ul aria-live="polite" class="flex flex-col items-start gap-1" data-testid="entrances">
          {lines.map((line) => {
            const tier = tiers.value[line.tier];
            const name = tier ? localized(tier.name, locale) : "";
            return (
              <li
                key={`${line.tier}-${line.names.join()}`}
                class="flex max-w-full items-center gap-1.5 rounded-full bg-black/50 px-2.5 py-1 text-xs motion-safe:animate-[encore-in_200ms_ease-out]"
              >
                <TierBadge index={line.tier} name={name} />
                <span class="truncate">{m.room.entrance(name, line.names[0] ?? "", line.others)}</span>
              </li>
            );
          })}
        </ul>
      )}
      <OnStage />
      <GuestCard />
      {hello && !hello.invite && (
        <div role="status" class={card} data-testid="greeting">
          <span aria-hidden="true">👋</span>
          <span class="flex min-w-0 flex-col">
            <span class="font-semibold">{m.room.greeting(hello.from)}</span>
            <span>{m.room.reasons[hello.reason ?? "none"]}</span>
            {hello.coupon && (
              <span class="text-(--encore-muted)">
                {m.room.coupon} <span class="text-(--encore-ink)">{localized(hello.coupon.name, locale)}</span>
              </span>
            )}
          </span>
          <button
            type="button"
            class="ml-auto shrink-0 rounded-full px-2 text-xs text-(--encore-muted) hover:text-white focus-visible:outline-2 focus-visible:outline-white"
            onClick={() => {
              greeting.value = null;
            }}
          >
            {m.card.dismiss}
          </button>
        </div>
      )}
    </>
  );
});
