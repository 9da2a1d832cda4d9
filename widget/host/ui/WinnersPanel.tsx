import { useHost } from "./context.js";
import { clockTime, count } from "./format.js";
import { Panel } from "./parts.js";

export function WinnersPanel() {
  const { model, t } = useHost();
  const winners = model.stats.value?.winners ?? [];
  return (
    <Panel
      title={t.winners}
      aside={<span class="text-xs tabular-nums text-[var(--host-muted)]">{count(winners.length)}</span>}
      class="flex-1"
    >
      {winners.length === 0 ? (
        <p class="text-sm text-[var(--host-muted)]">{t.noWinners}</p>
      ) : (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a list that scrolls is reached by Tab to be scrolled by keys (WCAG 2.1.1)
        <ol tabIndex={0} aria-label={t.winners} class="flex min-h-0 flex-col gap-1 overflow-y-auto text-sm">
          {winners.map((w) => (
            <li
              key={`${w.viewerId}-${w.at}`}
              class="flex items-center justify-between gap-2 rounded px-2 py-1 odd:bg-white/5"
            >
              <span class="flex min-w-0 items-center gap-2">
                <span aria-hidden="true" class="h-1.5 w-1.5 shrink-0 rounded-full bg-amber-400" />
                <span class="truncate">{w.name ?? w.viewerId}</span>
              </span>
              <span class="text-xs tabular-nums text-[var(--host-muted)]">{clockTime(w.at)}</span>
            </li>
          ))}
        </ol>
      )}
    </Panel>
  );
}
