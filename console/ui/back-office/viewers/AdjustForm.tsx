import { useSignal } from "@preact/signals";
import type { AdjustKind, ViewersModel } from "../../../models/viewers.js";
import { useHost } from "../../context.js";
import { Button } from "../../parts/Button.js";
import { Field, SelectField } from "../../parts/Field.js";
import { Panel } from "../../parts/Panel.js";

/** Points or growth, an amount and a reason; the server's field errors show under each field. */
export function AdjustForm(props: { model: ViewersModel }) {
  const { model } = props;
  const { t, refusal } = useHost();
  const kind = useSignal<AdjustKind>("points");
  const amount = useSignal("");
  const note = useSignal("");
  const refused = model.adjustRefusal.value;
  // the server names the field; the sentence is in the person's language
  const fieldError = (name: "delta" | "note") =>
    refused?.fields[name] === undefined ? null : name === "delta" ? t.vwNeedAmount : t.vwNeedReason;

  return (
    <Panel title={t.vwAdjustTitle} class="h-fit">
      <form
        class="grid grid-cols-2 gap-3"
        onSubmit={async (event) => {
          event.preventDefault();
          if (await model.adjust(kind.value, amount.value, note.value)) {
            amount.value = "";
            note.value = "";
          }
        }}
      >
        <SelectField
          label={t.vwAdjustWhat}
          value={kind.value}
          onChange={(event) => {
            kind.value = event.currentTarget.value as AdjustKind;
          }}
        >
          <option value="points">{t.vwPoints}</option>
          <option value="growth">{t.vwGrowth}</option>
        </SelectField>
        <Field
          label={t.vwAmount}
          hint={t.vwAmountHint}
          inputMode="numeric"
          value={amount.value}
          error={fieldError("delta")}
          onInput={(event) => {
            amount.value = event.currentTarget.value;
          }}
        />
        <Field
          label={t.vwReason}
          hint={t.vwReasonHint}
          class="col-span-2"
          value={note.value}
          maxLength={200}
          error={fieldError("note")}
          onInput={(event) => {
            note.value = event.currentTarget.value;
          }}
        />
        {refused && Object.keys(refused.fields).length === 0 && (
          <p role="alert" class="col-span-2 text-sm text-rose-200">
            {refusal(refused.code)}
          </p>
        )}
        <div class="col-span-2">
          <Button type="submit" tone="accent" busy={model.busy.value === "adjust"}>
            {t.vwAdjust}
          </Button>
        </div>
      </form>
    </Panel>
  );
}
