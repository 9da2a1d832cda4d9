import { useSignal } from "@preact/signals";
import type { CouponTemplatePatch, TemplateCounts } from "../../../../protocol/coupons.js";
import type { FieldError } from "../../../../protocol/http.js";
import { fill, type HostStrings } from "../../../i18n/index.js";
import type { TemplateAdminModel } from "../../../models/template-admin.js";
import { useHost } from "../../context.js";
import { Button } from "../../parts/Button.js";
import { Field } from "../../parts/Field.js";
import { formValues } from "../../parts/form.js";

/** The form's fields, each with the server's field paths that land on it. */
const FIELD_OF: Record<string, string> = {
  "name.zh-CN": "nameZh",
  "name.en": "nameEn",
  name: "nameZh",
  stock: "stock",
  perViewerLimit: "perViewerLimit",
  validDays: "validDays",
  pointsCost: "pointsCost",
  kind: "fixed",
  value: "fixed",
  minSpend: "fixed",
};

/**
 * A refused field in the person's language: the server names the field, the words here say what
 * it takes (the server's own message is English, for logs and API callers).
 */
function fieldWords(t: HostStrings, field: string, issued: number): string {
  switch (field) {
    case "nameZh":
    case "nameEn":
      return t.cpErrName;
    case "stock":
      return issued > 0 ? fill(t.cpErrStock, { issued }) : t.cpErrStockNone;
    case "perViewerLimit":
      return t.cpErrLimit;
    case "validDays":
      return t.cpErrValid;
    case "pointsCost":
      return t.cpErrPrice;
    default:
      return t.cpErrFixed;
  }
}

/** A number field as the patch takes it: empty is null where the field allows it, else what was typed. */
const numberOrNull = (text: string | undefined): number | null => {
  const trimmed = (text ?? "").trim();
  return trimmed === "" ? null : Number(trimmed);
};

/** What the form says, as the edit the server takes; only what changed is sent. */
function patchOf(values: Record<string, string>, template: TemplateCounts): CouponTemplatePatch {
  const patch: CouponTemplatePatch = {};
  const name = { "zh-CN": (values.nameZh ?? "").trim(), en: (values.nameEn ?? "").trim() };
  if (name["zh-CN"] !== template.name["zh-CN"] || name.en !== template.name.en) patch.name = name;
  const stock = numberOrNull(values.stock);
  if (stock !== template.stock) patch.stock = stock;
  const limit = numberOrNull(values.perViewerLimit);
  if (limit !== template.perViewerLimit) patch.perViewerLimit = limit as number;
  const valid = numberOrNull(values.validDays);
  if (valid !== template.validDays) patch.validDays = valid as number;
  const price = numberOrNull(values.pointsCost);
  if (price !== template.pointsCost) patch.pointsCost = price;
  return patch;
}

/** Edits one template in place: the fields that may change, the server's refusals beside each. */
export function TemplateEditForm(props: { model: TemplateAdminModel; template: TemplateCounts; onDone: () => void }) {
  const { model, template } = props;
  const { t, locale, refusal } = useHost();
  const errors = useSignal<Record<string, string>>({});
  const whole = useSignal<string | null>(null);
  const saving = model.busy.value === template.id;

  const showRefusal = (code: string, fields: FieldError[]) => {
    const next: Record<string, string> = {};
    for (const f of fields) {
      const field = FIELD_OF[f.path] ?? "fixed";
      next[field] = fieldWords(t, field, template.issued);
    }
    errors.value = next;
    whole.value = fields.length > 0 ? t.cpErrOther : refusal(code);
  };

  return (
    <form
      aria-label={fill(t.cpEditing, { name: template.name[locale.value] })}
      class="grid grid-cols-1 gap-3 border-t border-white/10 pt-3 sm:grid-cols-2"
      noValidate
      onSubmit={async (event) => {
        event.preventDefault();
        const answer = await model.edit(template.id, patchOf(formValues(event.currentTarget), template));
        if (answer.ok) props.onDone();
        else showRefusal(answer.code, answer.fields);
      }}
    >
      <p class="text-xs text-[var(--host-muted)] sm:col-span-2">{t.cpEditNote}</p>
      <Field label={t.cpNameZh} name="nameZh" defaultValue={template.name["zh-CN"]} error={errors.value.nameZh} />
      <Field label={t.cpNameEn} name="nameEn" defaultValue={template.name.en} error={errors.value.nameEn} />
      <Field
        label={t.cpStockField}
        hint={t.cpStockHint}
        name="stock"
        inputMode="numeric"
        defaultValue={template.stock === null ? "" : String(template.stock)}
        error={errors.value.stock}
      />
      <Field
        label={t.cpLimitField}
        name="perViewerLimit"
        inputMode="numeric"
        defaultValue={String(template.perViewerLimit)}
        error={errors.value.perViewerLimit}
      />
      <Field
        label={t.cpValidField}
        name="validDays"
        inputMode="numeric"
        defaultValue={String(template.validDays)}
        error={errors.value.validDays}
      />
      <Field
        label={t.cpPriceField}
        hint={t.cpPriceHint}
        name="pointsCost"
        inputMode="numeric"
        defaultValue={template.pointsCost === null ? "" : String(template.pointsCost)}
        error={errors.value.pointsCost}
      />
      {errors.value.fixed && (
        <p role="alert" class="text-sm text-rose-200 sm:col-span-2">
          {errors.value.fixed}
        </p>
      )}
      {whole.value && (
        <p role="alert" class="text-sm text-rose-200 sm:col-span-2">
          {whole.value}
        </p>
      )}
      <div class="flex flex-wrap gap-2 sm:col-span-2">
        <Button type="submit" tone="accent" busy={saving}>
          {t.cpSave}
        </Button>
        <Button onClick={props.onDone}>{t.cpCancel}</Button>
      </div>
    </form>
  );
}
