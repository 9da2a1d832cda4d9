import { useEffect, useRef } from "preact/hooks";
import { fill } from "../../../i18n/index.js";
import type { ViewersModel } from "../../../models/viewers.js";
import { useHost } from "../../context.js";
import { Button } from "../../parts/Button.js";
import { Field } from "../../parts/Field.js";
import { Panel } from "../../parts/Panel.js";
import { ViewerProfilePanel } from "./ViewerProfilePanel.js";
import { dayTime } from "./words.js";

/** How long typing pauses before the search goes out: one request per pause, not per key. */
const TYPING_PAUSE_MS = 250;

/**
 * The Viewers section: a search box and its results beside the chosen viewer's profile. On a phone
 * the profile takes the whole width, with a way back to the list.
 */
export function ViewersSection(props: { model: ViewersModel }) {
  const { model } = props;
  const { t, locale, refusal } = useHost();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);
  const open = model.profile.value.kind !== "none";
  const results = model.results.value;
  const typed = model.query.value.trim() !== "";

  return (
    <div class="grid w-full max-w-6xl gap-4 lg:grid-cols-[20rem_minmax(0,1fr)]">
      <Panel title={t.viewersTitle} class={`h-fit ${open ? "hidden lg:flex" : ""}`}>
        <form onSubmit={(event) => event.preventDefault()}>
          <Field
            label={t.vwSearchLabel}
            hint={t.vwSearchHint}
            type="search"
            onInput={(event) => {
              const text = event.currentTarget.value;
              if (timer.current) clearTimeout(timer.current);
              timer.current = setTimeout(() => void model.search(text), TYPING_PAUSE_MS);
            }}
          />
        </form>
        {model.done.value === "erased" && (
          <p role="status" class="text-sm text-emerald-300">
            {t.vwErased}
          </p>
        )}
        {model.searchRefusal.value && (
          <p role="alert" class="text-sm text-rose-200">
            {refusal(model.searchRefusal.value)}
          </p>
        )}
        <ul aria-label={t.viewersTitle} class="flex flex-col gap-1">
          {results.map((row) => (
            <li key={row.viewerId}>
              <button
                type="button"
                onClick={() => void model.open(row.viewerId)}
                class="flex w-full flex-col gap-0.5 rounded-md border border-white/10 bg-white/5 px-3 py-2 text-left hover:bg-white/10"
              >
                <span class="flex items-center justify-between gap-2">
                  <strong class="truncate text-sm">{row.name ?? t.vwNoName}</strong>
                  <span class="shrink-0 rounded-full bg-[var(--host-accent)]/25 px-2 py-0.5 text-xs">
                    {row.tier.name[locale.value]}
                  </span>
                </span>
                <span class="truncate font-mono text-xs text-[var(--host-muted)]">{row.viewerId}</span>
                <span class="text-xs text-[var(--host-muted)]">
                  {fill(t.vwBalance, {
                    points: row.points.toLocaleString("en"),
                    growth: row.growth.toLocaleString("en"),
                  })}
                  {" · "}
                  {row.lastSeenAt === null
                    ? t.vwNeverSeen
                    : fill(t.vwLastSeen, { when: dayTime(locale.value, row.lastSeenAt) })}
                </span>
              </button>
            </li>
          ))}
        </ul>
        {model.searching.value && (
          <p role="status" class="text-sm text-[var(--host-muted)]">
            {t.vwSearching}
          </p>
        )}
        {typed && !model.searching.value && results.length === 0 && (
          <p role="status" class="text-sm text-[var(--host-muted)]">
            {t.vwNoMatch}
          </p>
        )}
        {model.hasMore.value && !model.searching.value && (
          <div>
            <Button onClick={() => void model.more()}>{t.vwSearchMore}</Button>
          </div>
        )}
      </Panel>
      {open && <ViewerProfilePanel model={model} />}
    </div>
  );
}
