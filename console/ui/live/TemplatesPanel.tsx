import { useState } from "preact/hooks";
import { useHost } from "../context.js";
import { Button } from "../parts/Button.js";
import { CouponName } from "../parts/coupon.js";
import { Field, SelectField } from "../parts/Field.js";
import { formValues } from "../parts/form.js";
import { centsFromYuan, count, wholeNumber } from "../parts/format.js";
import { Panel } from "../parts/Panel.js";
import { RefusalNote } from "../parts/RefusalNote.js";
import { TierField } from "../parts/TierField.js";

/** Reads the template form; null when a field is not a number where one is needed. */
function readTemplate(v: Record<string, string>) {
  const kind = v.kind === "percent" ? "percent" : "amount";
  const value = kind === "amount" ? centsFromYuan(v.value ?? "") : wholeNumber(v.value ?? "");
  const minSpend = centsFromYuan(v.minSpend || "0");
  const validDays = wholeNumber(v.validDays ?? "");
  const perViewerLimit = wholeNumber(v.perViewerLimit || "1");
  const stock = v.stock?.trim() ? wholeNumber(v.stock) : null;
  const pointsCost = v.pointsCost?.trim() ? wholeNumber(v.pointsCost) : null;
  const zh = v.nameZh?.trim() ?? "";
  const en = v.nameEn?.trim() ?? "";
  if (value === null || minSpend === null || validDays === null || perViewerLimit === null || !zh || !en) return null;
  if ((v.stock?.trim() && stock === null) || (v.pointsCost?.trim() && pointsCost === null)) return null;
  return {
    name: { "zh-CN": zh, en },
    kind,
    value,
    minSpend,
    validDays,
    minTier: v.minTier || null,
    stock,
    perViewerLimit,
    pointsCost,
  } as const;
}

export function TemplatesPanel() {
  const { model, t, refusal } = useHost();
  const templates = model.templates.value;
  const busy = model.requests.busy.value.has("templateCreate");
  const [kind, setKind] = useState<"amount" | "percent">("amount");
  const [invalid, setInvalid] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const input = readTemplate(formValues(form));
    setInvalid(input === null);
    if (!input) return;
    if (await model.createTemplate(input)) {
      form.reset();
      setKind("amount");
    }
  };

  return (
    <Panel title={t.templatesPanel} class="min-h-0">
      {templates.length === 0 ? (
        <p class="text-sm text-[var(--host-muted)]">{t.noTemplates}</p>
      ) : (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a list that scrolls is reached by Tab to be scrolled by keys (WCAG 2.1.1)
        <ul tabIndex={0} aria-label={t.templatesPanel} class="flex max-h-40 flex-col gap-1 overflow-y-auto text-sm">
          {templates.map((tpl) => (
            <li key={tpl.id} class="flex items-center justify-between gap-2 rounded px-2 py-1 odd:bg-white/5">
              <span class="min-w-0 break-words">
                <CouponName coupon={tpl} />
              </span>
              <span class="shrink-0 text-xs tabular-nums text-[var(--host-muted)]">
                {count(tpl.issued)}/{tpl.stock === null ? "∞" : count(tpl.stock)} {t.issued}
              </span>
            </li>
          ))}
        </ul>
      )}
      <form aria-label={t.createTemplate} class="grid grid-cols-2 gap-2" onSubmit={submit}>
        <Field label={t.nameZh} name="nameZh" required maxLength={80} />
        <Field label={t.nameEn} name="nameEn" required maxLength={80} />
        <SelectField
          label={t.kind}
          name="kind"
          value={kind}
          onChange={(e: Event) =>
            setKind((e.currentTarget as HTMLSelectElement).value === "percent" ? "percent" : "amount")
          }
        >
          <option value="amount">{t.kindAmount}</option>
          <option value="percent">{t.kindPercent}</option>
        </SelectField>
        <Field label={`${t.value} (${kind === "amount" ? "¥" : "%"})`} name="value" required inputMode="decimal" />
        <Field label={t.minSpendYuan} name="minSpend" inputMode="decimal" placeholder="0" />
        <Field label={t.validDays} name="validDays" type="number" min={1} max={366} defaultValue="7" required />
        <TierField label={t.tierGate} anyone={t.anyTier} name="minTier" />
        <Field label={t.stock} name="stock" type="number" min={1} placeholder={t.unlimited} />
        <Field label={t.perViewer} name="perViewerLimit" type="number" min={1} max={1000} defaultValue="1" />
        <Field label={t.pointsCost} name="pointsCost" type="number" min={1} placeholder={t.notForSale} />
        <div class="col-span-2 flex flex-col gap-2">
          {invalid && (
            <p role="alert" class="text-sm text-rose-300">
              {refusal("bad_request")}
            </p>
          )}
          <RefusalNote action="templateCreate" />
          <RefusalNote action="templates" />
          <Button type="submit" tone="accent" busy={busy}>
            {t.createTemplate}
          </Button>
        </div>
      </form>
    </Panel>
  );
}
