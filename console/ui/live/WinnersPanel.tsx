import type { Winner } from "../../../protocol/live.js";
import { fill } from "../../i18n/index.js";
import { useHost } from "../context.js";
import { Button } from "../parts/Button.js";
import { couponText } from "../parts/coupon.js";
import { clockTime, count } from "../parts/format.js";
import { Panel } from "../parts/Panel.js";
import { RefusalNote } from "../parts/RefusalNote.js";

/**
 * The winners of the offer the live panel shows, and of no other: its count is that offer's
 * claims, the newest arrive on top, and the whole list, in the order they won, is a tap away.
 */
export function WinnersPanel() {
  const { model, t, locale } = useHost();
  const stats = model.stats.value;
  const claim = stats?.offer ?? null;
  const offer = model.offer.value;
  const named = offer && claim && offer.id === claim.id ? offer : null;
  const total = claim?.claimed ?? 0;
  const all = model.allWinners.value;
  const whole = all && claim && all.offerId === claim.id ? all.winners : null;
  const shown: Winner[] = whole ?? stats?.winners ?? [];
  // a winner's number in the order they won: the newest-first list counts down from the total
  const numberOf = (i: number) => (whole ? i + 1 : total - i);
  const busy = model.requests.busy.value.has("winners");
  return (
    <Panel
      title={t.winners}
      aside={
        <span data-testid="winners-count" class="text-xs tabular-nums text-[var(--host-muted)]">
          {count(total)}
        </span>
      }
      class="flex-1"
    >
      {named && (
        <p data-testid="winners-deal" class="-mt-1 text-sm break-words">
          “{named.keyword}” · {couponText(locale.value, named.coupon)}
        </p>
      )}
      {shown.length === 0 ? (
        <p class="text-sm text-[var(--host-muted)]">{t.noWinners}</p>
      ) : (
        <ol
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a list that scrolls is reached by Tab to be scrolled by keys (WCAG 2.1.1)
          tabIndex={0}
          aria-label={t.winners}
          data-whole={whole ? "true" : "false"}
          class="flex max-h-80 min-h-0 flex-col gap-1 overflow-y-auto text-sm"
        >
          {shown.map((w, i) => (
            <li
              key={`${w.viewerId}-${w.at}`}
              class="flex items-center justify-between gap-2 rounded px-2 py-1 odd:bg-white/5"
            >
              <span class="flex min-w-0 items-center gap-2">
                <span class="w-8 shrink-0 text-right text-xs tabular-nums text-[var(--host-muted)]">{numberOf(i)}</span>
                <span class="truncate">{w.name ?? fill(t.winnerN, { n: numberOf(i) })}</span>
              </span>
              <span class="text-xs tabular-nums text-[var(--host-muted)]">{clockTime(w.at)}</span>
            </li>
          ))}
        </ol>
      )}
      <RefusalNote action="winners" />
      <div class="flex flex-wrap gap-2 empty:hidden">
        {!whole && total > shown.length && (
          <Button busy={busy} onClick={() => void model.loadWinners()}>
            {fill(t.showAllWinners, { n: count(total) })}
          </Button>
        )}
        {whole && whole.length < total && (
          <Button busy={busy} onClick={() => void model.loadWinners()}>
            {fill(t.moreWinners, { shown: count(whole.length), n: count(total) })}
          </Button>
        )}
        {whole && <Button onClick={() => model.closeWinners()}>{t.newestWinners}</Button>}
      </div>
    </Panel>
  );
}
