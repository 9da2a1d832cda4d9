import { useEffect } from "preact/hooks";
import type { AuditAction, AuditEntry } from "../../../../protocol/admin.js";
import type { AuditFilter, AuditLogModel } from "../../../models/audit-log.js";
import { useHost } from "../../context.js";
import { Button } from "../../parts/Button.js";
import { Field, SelectField } from "../../parts/Field.js";
import { formValues } from "../../parts/form.js";
import { Panel } from "../../parts/Panel.js";
import { ACTION_WORDS, ACTIONS, actorWords, changedFields, targetWords } from "./words.js";

const DAY_MS = 24 * 3600 * 1000;

/** A date input's day (local midnight) in ms, or null when empty. */
const dayOf = (text: string | undefined): number | null => {
  if (!text) return null;
  const [y, m, d] = text.split("-").map(Number);
  return y && m && d ? new Date(y, m - 1, d).getTime() : null;
};
const dateText = (ms: number | null) => {
  if (ms === null) return "";
  const day = new Date(ms);
  return `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, "0")}-${String(day.getDate()).padStart(2, "0")}`;
};

function EntryRow(props: { entry: AuditEntry }) {
  const { entry } = props;
  const { t, locale } = useHost();
  const when = new Intl.DateTimeFormat(locale.value, { dateStyle: "medium", timeStyle: "short" }).format(entry.at);
  const changes = changedFields(entry.before, entry.after);
  const target = targetWords(entry, locale.value);
  return (
    <li data-testid="audit-entry" class="flex flex-col gap-1 rounded-lg border border-white/10 bg-white/5 p-3">
      <div class="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
        <p class="min-w-0 text-sm font-semibold [overflow-wrap:anywhere]">
          {ACTION_WORDS[locale.value][entry.action]}
          {target && <span class="font-normal text-[var(--host-muted)]"> · {target}</span>}
        </p>
        <time class="shrink-0 text-xs text-[var(--host-muted)]" dateTime={new Date(entry.at).toISOString()}>
          {when}
        </time>
      </div>
      <p class="text-xs text-[var(--host-muted)] [overflow-wrap:anywhere]">{actorWords(entry.actor, locale.value)}</p>
      <details class="text-xs">
        <summary class="cursor-pointer text-[var(--host-muted)]">{t.audDetails}</summary>
        {changes.length === 0 ? (
          <p class="pt-1">{t.audNothing}</p>
        ) : (
          <dl class="grid gap-1 pt-1">
            {changes.map((change) => (
              <div key={change.field ?? ""} class="min-w-0 [overflow-wrap:anywhere]">
                {change.field && <dt class="inline font-semibold">{change.field}: </dt>}
                <dd class="inline font-mono">
                  {change.from} → {change.to}
                </dd>
              </div>
            ))}
          </dl>
        )}
      </details>
    </li>
  );
}

/**
 * The Audit log section: who changed what and when, newest first, narrowed to one kind of change
 * and a span of days, a page at a time, and the same entries as a CSV file.
 */
export function AuditSection(props: { model: AuditLogModel }) {
  const { model } = props;
  const { t, locale, refusal } = useHost();
  useEffect(() => void model.apply(model.filter.peek()), [model]);
  const filter = model.filter.value;
  const entries = model.entries.value;
  return (
    <Panel title={t.auditTitle} class="h-fit w-full max-w-6xl">
      <form
        aria-label={t.auditTitle}
        class="grid grid-cols-1 items-end gap-3 sm:grid-cols-4"
        onSubmit={(event) => {
          event.preventDefault();
          const values = formValues(event.currentTarget);
          const to = dayOf(values.to);
          const next: AuditFilter = {
            action: (values.action || null) as AuditAction | null,
            from: dayOf(values.from),
            // until the end of the day picked
            to: to === null ? null : to + DAY_MS,
          };
          void model.apply(next);
        }}
      >
        <SelectField label={t.audAction} name="action" defaultValue={filter.action ?? ""}>
          <option value="">{t.audAll}</option>
          {ACTIONS.map((action) => (
            <option key={action} value={action}>
              {ACTION_WORDS[locale.value][action]}
            </option>
          ))}
        </SelectField>
        <Field label={t.audFrom} name="from" type="date" defaultValue={dateText(filter.from)} />
        <Field
          label={t.audTo}
          name="to"
          type="date"
          defaultValue={dateText(filter.to === null ? null : filter.to - DAY_MS)}
        />
        <div class="flex flex-wrap gap-2">
          <Button type="submit" tone="accent" busy={model.loading.value}>
            {t.audApply}
          </Button>
          <a
            href={model.csvUrl()}
            download
            title={t.audCsvHint}
            class="rounded-md border border-white/15 bg-white/5 px-3 py-1.5 text-sm font-semibold hover:bg-white/10"
          >
            {t.audCsv}
          </a>
        </div>
      </form>
      {model.refusal.value && (
        <p role="alert" class="text-sm text-rose-200">
          {refusal(model.refusal.value)}
        </p>
      )}
      {entries === null && <p class="text-sm text-[var(--host-muted)]">{t.audLoading}</p>}
      {entries?.length === 0 && <p class="text-sm text-[var(--host-muted)]">{t.audEmpty}</p>}
      <ul aria-label={t.auditTitle} class="grid gap-2">
        {entries?.map((entry) => (
          <EntryRow key={entry.id} entry={entry} />
        ))}
      </ul>
      {model.more.value && (
        <div>
          <Button busy={model.loading.value} onClick={() => void model.older()}>
            {t.audOlder}
          </Button>
        </div>
      )}
    </Panel>
  );
}
