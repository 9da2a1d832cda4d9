import { useSignal } from "@preact/signals";
import type { CampaignInput } from "../../../../protocol/campaigns.js";
import type { FieldError } from "../../../../protocol/http.js";
import type { HostStrings } from "../../../i18n/index.js";
import type { WriteAnswer } from "../../../models/catalogue-admin.js";
import { useHost } from "../../context.js";
import { Button } from "../../parts/Button.js";
import { Field } from "../../parts/Field.js";
import { formValues } from "../../parts/form.js";

type FormField = "nameZh" | "nameEn" | "start" | "end" | "days" | "orderMultiplier" | "watchMultiplier";

/** The server's field paths, each on the form field that shows its refusal. */
function fieldOf(path: string): FormField | undefined {
  if (path === "name.zh-CN" || path === "name") return "nameZh";
  if (path === "name.en") return "nameEn";
  if (path === "schedule.start" || path === "schedule") return "start";
  if (path === "schedule.end") return "end";
  if (path.startsWith("schedule.days")) return "days";
  if (path === "orderMultiplier" || path === "watchMultiplier") return path;
  return undefined;
}

function errorWord(t: HostStrings, field: FormField): string {
  switch (field) {
    case "nameZh":
    case "nameEn":
      return t.cpErrName;
    case "start":
      return t.cpErrStart;
    case "end":
      return t.cpErrEnd;
    case "days":
      return t.cpErrDays;
    case "orderMultiplier":
    case "watchMultiplier":
      return t.cpErrMultiplier;
  }
}

// Monday first, as a shop's week reads; the schedule counts from Sunday (0)
const WEEK = [1, 2, 3, 4, 5, 6, 0];

export const weekdayName = (day: number, locale: string) =>
  new Intl.DateTimeFormat(locale, { weekday: "short", timeZone: "UTC" }).format(
    new Date(Date.UTC(2023, 0, 1 + day, 12)),
  );

/** The form read as a campaign, with the fields that cannot be sent as typed. */
function read(values: Record<string, string>): { invalid: FormField[]; input: CampaignInput } {
  const invalid: FormField[] = [];
  const multiplier = (field: "orderMultiplier" | "watchMultiplier") => {
    const value = Number((values[field] ?? "").trim() || "1");
    if (!Number.isFinite(value) || value < 1 || value > 10) invalid.push(field);
    return value;
  };
  const weekly = values.kind === "weekly";
  const days = WEEK.filter((day) => values[`day${day}`] === "on");
  if (weekly && days.length === 0) invalid.push("days");
  if (!weekly && !values.start) invalid.push("start");
  if (!weekly && !values.end) invalid.push("end");
  return {
    invalid,
    input: {
      name: { "zh-CN": (values.nameZh ?? "").trim(), en: (values.nameEn ?? "").trim() },
      schedule: weekly
        ? { kind: "recurring", daysOfWeek: days, daysOfMonth: [] }
        : { kind: "dates", start: values.start ?? "", end: values.end ?? "" },
      orderMultiplier: multiplier("orderMultiplier"),
      watchMultiplier: multiplier("watchMultiplier"),
    },
  };
}

/**
 * Adds a campaign: its names, when it runs (a stretch of local date-times, or weekdays) and its
 * multipliers, each refusal beside its field in the person's language; an overlap with another
 * campaign shows beside the dates.
 */
export function CampaignForm(props: {
  busy: boolean;
  onSubmit: (input: CampaignInput) => Promise<WriteAnswer>;
  onDone: () => void;
}) {
  const { t, locale, refusal } = useHost();
  const errors = useSignal<Partial<Record<FormField, string>>>({});
  const whole = useSignal<string | null>(null);
  const weekly = useSignal(false);

  const show = (fields: FormField[], code: string | null) => {
    // an overlap is about the dates: its own sentence goes beside them
    const word = (field: FormField) => (code === "campaign_overlap" ? refusal(code) : errorWord(t, field));
    errors.value = Object.fromEntries(fields.map((field) => [field, word(field)]));
    whole.value = code === null || fields.length > 0 ? null : refusal(code);
  };
  const refused = (answer: { code: string; fields: FieldError[] }) =>
    show(
      answer.fields.map((f) => fieldOf(f.path)).filter((field): field is FormField => field !== undefined),
      answer.code,
    );

  return (
    <form
      aria-label={t.cpAdd}
      class="grid grid-cols-1 gap-3 sm:grid-cols-2"
      noValidate
      onSubmit={async (event) => {
        event.preventDefault();
        const { invalid, input } = read(formValues(event.currentTarget));
        if (invalid.length > 0) return show(invalid, null);
        const answer = await props.onSubmit(input);
        if (answer.ok) {
          show([], null);
          props.onDone();
        } else refused(answer);
      }}
    >
      <Field label={t.cpNameZh} name="nameZh" maxLength={80} error={errors.value.nameZh} />
      <Field label={t.cpNameEn} name="nameEn" maxLength={80} error={errors.value.nameEn} />
      <fieldset class="flex flex-col gap-1 text-sm sm:col-span-2">
        <legend class="mb-1 text-xs text-[var(--host-muted)]">{t.cpKind}</legend>
        <div class="flex flex-wrap gap-x-4 gap-y-2">
          <label class="flex items-center gap-1.5">
            <input
              type="radio"
              name="kind"
              value="dates"
              checked={!weekly.value}
              onChange={() => (weekly.value = false)}
            />
            {t.cpKindDates}
          </label>
          <label class="flex items-center gap-1.5">
            <input
              type="radio"
              name="kind"
              value="weekly"
              checked={weekly.value}
              onChange={() => (weekly.value = true)}
            />
            {t.cpKindWeekly}
          </label>
        </div>
      </fieldset>
      {weekly.value ? (
        <fieldset class="flex min-w-0 flex-col gap-1 text-xs text-[var(--host-muted)] sm:col-span-2">
          <legend class="mb-1">{t.cpDays}</legend>
          <div class="flex flex-wrap gap-x-4 gap-y-2 text-sm text-[var(--host-ink)]">
            {WEEK.map((day) => (
              <label key={day} class="flex items-center gap-1.5">
                <input type="checkbox" name={`day${day}`} class="h-4 w-4" />
                {weekdayName(day, locale.value)}
              </label>
            ))}
          </div>
          {errors.value.days && (
            <span role="alert" class="text-rose-300">
              {errors.value.days}
            </span>
          )}
        </fieldset>
      ) : (
        <>
          <Field label={t.cpStart} name="start" type="datetime-local" error={errors.value.start} />
          <Field label={t.cpEnd} name="end" type="datetime-local" error={errors.value.end} />
        </>
      )}
      <Field
        label={t.cpOrderMultiplier}
        hint={t.cpMultiplierHint}
        name="orderMultiplier"
        inputMode="decimal"
        defaultValue="2"
        error={errors.value.orderMultiplier}
      />
      <Field
        label={t.cpWatchMultiplier}
        hint={t.cpMultiplierHint}
        name="watchMultiplier"
        inputMode="decimal"
        defaultValue="1"
        error={errors.value.watchMultiplier}
      />
      {whole.value && (
        <p role="alert" class="text-sm text-rose-200 sm:col-span-2">
          {whole.value}
        </p>
      )}
      <div class="sm:col-span-2">
        <Button type="submit" tone="accent" busy={props.busy}>
          {t.cpCreate}
        </Button>
      </div>
    </form>
  );
}
