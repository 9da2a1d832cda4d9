import type { TemplateCounts } from "../../../../protocol/coupons.js";
import { fill } from "../../../i18n/index.js";
import type { ProgramModel } from "../../../models/program.js";
import { type DraftField, readField } from "../../../models/program-draft.js";
import { useHost } from "../../context.js";
import { Field, SelectField } from "../../parts/Field.js";
import { fieldErrorWord } from "./words.js";

/** What each field's input needs: its value, its change, and the server's refusal in words. */
export function useFieldProps(model: ProgramModel) {
  const { t } = useHost();
  const refused = model.refusal.value?.fields ?? {};
  const draft = model.draft.value;
  return (field: DraftField) => ({
    value: draft ? String(readField(draft, field)) : "",
    error: refused[field] === undefined ? null : fieldErrorWord(t, field),
    onInput: (event: { currentTarget: { value: string } }) => model.edit(field, event.currentTarget.value),
  });
}

/** The refusal of a field that is not a text box (a switch, a row of ticks), in words. */
export function useFieldError(model: ProgramModel) {
  const { t } = useHost();
  const refused = model.refusal.value?.fields ?? {};
  return (field: DraftField) => (refused[field] === undefined ? null : fieldErrorWord(t, field));
}

/** A number typed into the form: a Field with the keyboard for it. */
export function NumberField(props: {
  model: ProgramModel;
  field: DraftField;
  label: string;
  hint?: string;
  decimal?: boolean;
  class?: string;
}) {
  const field = useFieldProps(props.model);
  return (
    <Field
      label={props.label}
      hint={props.hint}
      class={props.class}
      inputMode={props.decimal ? "decimal" : "numeric"}
      {...field(props.field)}
    />
  );
}

/** A labelled switch. */
export function Switch(props: { model: ProgramModel; field: DraftField; label: string; class?: string }) {
  const { model, field } = props;
  const draft = model.draft.value;
  const error = useFieldError(model)(field);
  return (
    <div class={`flex min-w-0 flex-col gap-1 ${props.class ?? ""}`}>
      <label class="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          class="h-4 w-4 shrink-0"
          checked={draft ? readField(draft, field) === true : false}
          aria-invalid={error ? "true" : undefined}
          onChange={(event) => model.edit(field, event.currentTarget.checked)}
        />
        <span class="min-w-0 [overflow-wrap:anywhere]">{props.label}</span>
      </label>
      {error && (
        <span role="alert" class="text-xs text-rose-300">
          {error}
        </span>
      )}
    </div>
  );
}

/** A template's name as the person reads it; a paused one says so. */
export function templateLabel(template: TemplateCounts, locale: string, pausedWord: string): string {
  const name = locale === "en" ? template.name.en : template.name["zh-CN"];
  return template.active ? name : fill(pausedWord, { name });
}

/**
 * A coupon template picked from the shop's own, or none. A template the config names that is not
 * among them (deleted, or read before the list) is shown as such, never as its raw id.
 */
export function TemplateSelect(props: {
  model: ProgramModel;
  field: DraftField;
  label: string;
  templates: readonly TemplateCounts[];
  class?: string;
}) {
  const { t, locale } = useHost();
  const field = useFieldProps(props.model);
  const { value, error, onInput } = field(props.field);
  const known = value === "" || props.templates.some((template) => template.id === value);
  return (
    <SelectField label={props.label} class={props.class} value={value} error={error} onChange={onInput}>
      <option value="">{t.pgNone}</option>
      {!known && <option value={value}>{t.pgUnknownTemplate}</option>}
      {props.templates.map((template) => (
        <option key={template.id} value={template.id}>
          {templateLabel(template, locale.value, t.pgPausedTemplate)}
        </option>
      ))}
    </SelectField>
  );
}
