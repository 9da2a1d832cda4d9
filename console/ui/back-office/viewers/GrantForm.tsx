import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import type { ViewersModel } from "../../../models/viewers.js";
import { useHost } from "../../context.js";
import { Button } from "../../parts/Button.js";
import { couponText } from "../../parts/coupon.js";
import { Field, SelectField } from "../../parts/Field.js";
import { Panel } from "../../parts/Panel.js";

/** A coupon of one of the shop's templates, given by hand with a reason. */
export function GrantForm(props: { model: ViewersModel }) {
  const { model } = props;
  const { t, locale, refusal } = useHost();
  const templateId = useSignal("");
  const note = useSignal("");
  useEffect(() => void model.loadTemplates(), [model]);
  const templates = model.templates.value;
  const refused = model.grantRefusal.value;

  return (
    <Panel title={t.vwGrantTitle} class="h-fit">
      {templates.length === 0 ? (
        <p class="text-sm text-[var(--host-muted)]">{t.vwGrantNone}</p>
      ) : (
        <form
          class="flex flex-col gap-3"
          onSubmit={async (event) => {
            event.preventDefault();
            if (await model.grant(templateId.value, note.value)) note.value = "";
          }}
        >
          <SelectField
            label={t.vwGrantTemplate}
            value={templateId.value}
            error={refused?.fields.templateId === undefined ? null : t.vwNeedCoupon}
            onChange={(event) => {
              templateId.value = event.currentTarget.value;
            }}
          >
            <option value="">{t.vwGrantPick}</option>
            {templates.map((template) => (
              <option key={template.id} value={template.id}>
                {couponText(locale.value, template)}
              </option>
            ))}
          </SelectField>
          <Field
            label={t.vwReason}
            hint={t.vwGrantHint}
            value={note.value}
            maxLength={200}
            error={refused?.fields.note === undefined ? null : t.vwNeedReason}
            onInput={(event) => {
              note.value = event.currentTarget.value;
            }}
          />
          {refused && Object.keys(refused.fields).length === 0 && (
            <p role="alert" class="text-sm text-rose-200">
              {refusal(refused.code)}
            </p>
          )}
          <div>
            <Button type="submit" tone="accent" busy={model.busy.value === "grant"}>
              {t.vwGrant}
            </Button>
          </div>
        </form>
      )}
    </Panel>
  );
}
